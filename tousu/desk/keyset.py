"""Keyset ("seek") pagination for the queue.

A page is ``ORDER BY <sort columns>, id LIMIT n+1`` starting strictly after the last
row of the previous page: ``id < 10452``, or for the priority sort ``priority = 3 AND
id < 10452`` followed, if the page is not full, by ``priority < 3``. Each is a range
scan of a composite index ending in ``id``, so page 1000 costs the same as page 1:
no OFFSET, and no COUNT(*).

The cursor in the query string is the last row's sort values joined by dots
(``3.10452``; ``10452`` when sorting by id alone). Anything that does not parse for
the chosen sort (``tousu.cursors``: ASCII digits within 64 bits) shows the first page
with a notice, answered 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tousu.complaints.models import Complaint
from tousu.cursors import parse_keys


@dataclass(frozen=True)
class Sort:
    key: str
    label: Promise
    columns: tuple[str, ...]  # model fields; the last one is always "id"
    descending: bool

    def order_by(self) -> list[str]:
        return [f"-{c}" if self.descending else c for c in self.columns]


SORTS: dict[str, Sort] = {
    s.key: s
    for s in [
        Sort("newest", _("Newest first"), ("id",), True),
        Sort("oldest", _("Oldest first"), ("id",), False),
        Sort("priority", _("Priority, then newest"), ("priority", "id"), True),
    ]
}
DEFAULT_SORT = "newest"


def encode(row: Complaint, sort: Sort) -> str:
    return ".".join(str(getattr(row, column)) for column in sort.columns)


def decode(raw: str, sort: Sort) -> tuple[int, ...] | None:
    """The cursor's values, or None when it is missing or malformed (``tousu.cursors``)."""
    return parse_keys(raw or "", len(sort.columns))


def _after(column: str, sort: Sort, value: int) -> dict:
    return {f"{column}__{'lt' if sort.descending else 'gt'}": value}


def seek(
    qs: QuerySet[Complaint], sort: Sort, after: Sequence[int] | None
) -> list[QuerySet[Complaint]]:
    """The queries whose results, one after the other, are the rows after the cursor.

    A two-column cursor ``(priority, id)`` becomes two exact seeks — the rest of the
    cursor's priority, then the lower priorities — because SQLite seeks a row-value
    comparison on its first column only and would walk every newer row of that
    priority (41 ms instead of 0.5 ms deep in a 1M queue; docs/benchmarks.md).
    """
    qs = qs.order_by(*sort.order_by())
    if after is None:
        return [qs]
    if len(sort.columns) == 1:
        return [qs.filter(**_after(sort.columns[0], sort, after[0]))]
    lead = sort.columns[0]
    return [
        qs.filter(**{lead: after[0]}, **_after("id", sort, after[1])),
        qs.filter(**_after(lead, sort, after[0])),
    ]


@dataclass(frozen=True)
class Page:
    rows: list[Complaint]
    next_cursor: str | None
    is_first: bool


def page(qs: QuerySet[Complaint], sort: Sort, after: Sequence[int] | None, size: int) -> Page:
    rows: list[Complaint] = []
    for query in seek(qs, sort, after):
        rows += query[: size + 1 - len(rows)]
        if len(rows) > size:
            break
    more = len(rows) > size
    rows = rows[:size]
    return Page(
        rows=rows, next_cursor=encode(rows[-1], sort) if more else None, is_first=after is None
    )
