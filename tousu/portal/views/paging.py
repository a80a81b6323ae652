"""The consumer's and the merchant's lists page with ``tousu.keyset``: "previous" and "next"
links carrying a cursor (``?before=`` / ``?after=``), never a page number or a total, so a
list page runs no COUNT(*)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest

from tousu import keyset


def page_of(
    request: HttpRequest, queryset: QuerySet, sort: keyset.Sort
) -> tuple[keyset.Page, bool]:
    """One page of ``queryset``, and whether a cursor in the link did not parse (the first
    page is shown instead, with a notice)."""
    raw_after, raw_before = request.GET.get("after", ""), request.GET.get("before", "")
    after, before = keyset.decode(raw_after, sort), keyset.decode(raw_before, sort)
    bad = bool(raw_after and after is None or raw_before and before is None)
    if bad:
        after = before = None
    found = keyset.page(
        queryset, sort, settings.TOUSU_LIST_PAGE_SIZE, after=after, before=None if after else before
    )
    return found, bad
