"""The agent queue: filtered, sorted, keyset-paged list of complaints (``tousu.keyset``).

The sorts are on indexed columns then id (``Complaint.Meta.indexes`` has a composite index
per common filter ending in id), so every page is an index range scan; the cursor in the
query string (``after``) is the last row's sort values (``3.10452``; ``10452`` when sorting
by id alone).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu import keyset
from tousu.complaints.access import assignable_staff, complaints_for
from tousu.complaints.choices import Category, Channel, Kind, Priority
from tousu.complaints.guards import staff_only
from tousu.complaints.workflow import Status
from tousu.desk import search
from tousu.desk.saved import sidebar
from tousu.search.queue import DEADLINE_SORT, SORTS, QueueFilters

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
    staff = list(assignable_staff())
    filters = QueueFilters(request.GET, staff=staff)
    filters.is_valid()  # invalid fields are shown and ignored
    if request.GET.get("q", "").strip():
        return search.results(request, filters)  # words typed: ranked search (desk/search.py)
    sort = SORTS[filters.sort_key()]
    after = keyset.decode(request.GET.get("after", ""), sort)
    rows = (
        complaints_for(request.user)
        .select_related("consumer", "merchant", "assignee", "team")
        .defer("description", "order_snapshot")
    )
    page = keyset.page(
        filters.apply(rows, request.user), sort, settings.TOUSU_QUEUE_PAGE_SIZE, after=after
    )
    _attach_labels(page.rows)
    bad_cursor = bool(request.GET.get("after")) and after is None
    # A page link that does not parse shows the first page with a notice, answered 400.
    return render(
        request,
        "desk/queue.html",
        {
            "filters": filters,
            "page": page,
            "sort": sort,
            "bad_cursor": bad_cursor,
            "deadline_sort": sort.name == DEADLINE_SORT,
            **sidebar(request, staff),
        },
        status=400 if bad_cursor else 200,
    )
