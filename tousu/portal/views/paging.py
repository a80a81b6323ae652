from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 20


def page_of(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """One page of ``queryset``; a bad or too-large page number gives the nearest page."""
    return Paginator(queryset, min(per_page, settings.TOUSU_QUEUE_PAGE_SIZE)).get_page(
        request.GET.get("page")
    )
