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
    return keyset.from_params(request.GET, queryset, sort, settings.TOUSU_LIST_PAGE_SIZE)
