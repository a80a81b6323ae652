"""The agent queue: filtered, sorted, keyset-paged list of complaints."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.complaints.access import complaints_for
from tousu.complaints.choices import Category, Channel, Kind, Priority
from tousu.complaints.workflow import Status
from tousu.desk import keyset, search
from tousu.desk.forms import QueueFilters, staff_users
from tousu.desk.guards import staff_only

LABELLED = {
    "status": Status,
    "priority": Priority,
    "kind": Kind,
    "category": Category,
    "channel": Channel,
}


def _attach_labels(rows) -> None:
    """Give each row ``labels[field]`` from maps built once per page.

    ``get_FOO_display`` rebuilds its choices dict on every call: 250 times for a page
    of 50, about a quarter of the page's time (docs/benchmarks.md).
    """
    maps = {
        field: {value: str(label) for value, label in enum.choices}
        for field, enum in LABELLED.items()
    }
    for row in rows:
        row.labels = {
            field: maps[field].get(getattr(row, field), getattr(row, field)) for field in maps
        }


@staff_only
def queue(request: HttpRequest) -> HttpResponse:
    staff = list(staff_users())
    filters = QueueFilters(request.GET, staff=staff)
    filters.is_valid()  # invalid fields are shown and ignored
    if request.GET.get("q", "").strip():
        return search.results(request, filters)  # words typed: ranked search (desk/search.py)
    sort = keyset.SORTS[filters.sort_key()]
    after = keyset.decode(request.GET.get("after", ""), sort)
    rows = (
        complaints_for(request.user)
        .select_related("consumer", "merchant", "assignee")
        .defer("description", "order_snapshot")
    )
    page = keyset.page(
        filters.apply(rows, request.user), sort, after, settings.TOUSU_QUEUE_PAGE_SIZE
    )
    _attach_labels(page.rows)
    bad_cursor = bool(request.GET.get("after")) and after is None
    # A page link that does not parse shows the first page with a notice, answered 400.
    return render(
        request,
        "desk/queue.html",
        {"filters": filters, "page": page, "sort": sort, "bad_cursor": bad_cursor},
        status=400 if bad_cursor else 200,
    )
