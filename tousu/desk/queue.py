"""The agent queue: filtered, sorted, keyset-paged list of complaints."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.complaints.access import complaints_for
from tousu.desk import keyset
from tousu.desk.forms import QueueFilters, staff_users
from tousu.desk.guards import staff_only


@staff_only
def queue(request: HttpRequest) -> HttpResponse:
    staff = list(staff_users())
    filters = QueueFilters(request.GET, staff=staff)
    filters.is_valid()  # invalid fields are shown and ignored
    sort = keyset.SORTS[filters.sort_key()]
    after = keyset.decode(request.GET.get("after", ""), sort)
    rows = (
        complaints_for(request.user)
        .select_related("consumer", "merchant", "assignee")
        .defer("description", "order_snapshot")
    )
    page = keyset.page(filters.apply(rows, request.user), sort, after, settings.TOUSU_QUEUE_PAGE_SIZE)
    return render(
        request,
        "desk/queue.html",
        {"filters": filters, "page": page, "sort": sort, "bad_cursor": bool(request.GET.get("after")) and after is None},
    )
