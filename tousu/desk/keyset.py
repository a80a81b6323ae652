"""Keyset ("seek") pagination for the queue.

A page is ``ORDER BY <sort columns>, id LIMIT n+1`` starting strictly after the last
row of the previous page, written as a row-value comparison
``(priority, id) < (3, 10452)``. Both SQLite and PostgreSQL turn that into a range
scan of a composite index ending in ``id``, so page 1000 costs the same as page 1:
no OFFSET, and no COUNT(*).

The cursor in the query string is the last row's sort values joined by dots
(``3.10452``; ``10452`` when sorting by id alone). Anything that does not parse for
the chosen sort is ignored and the first page is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tousu.complaints.models import Complaint

MAX_KEY = 2**63 - 1


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
    """The cursor's values, or None when it is missing or malformed."""
    parts = (raw or "").split(".")
    if len(parts) != len(sort.columns) or not all(p.isdigit() and len(p) < 20 for p in parts):
        return None
    values = tuple(int(p) for p in parts)
    return values if all(v <= MAX_KEY for v in values) else None


def seek(qs: QuerySet[Complaint], sort: Sort, after: Sequence[int] | None) -> QuerySet[Complaint]:
    """Order ``qs`` by ``sort`` and keep only rows strictly after the cursor."""
    qs = qs.order_by(*sort.order_by())
    if after is None:
        return qs
    op = "<" if sort.descending else ">"
    if len(sort.columns) == 1:
        return qs.filter(**{f"{sort.columns[0]}__{'lt' if sort.descending else 'gt'}": after[0]})
    # Qualified names: the page query joins users and shops, which have an id too.
    quote = connection.ops.quote_name
    table = quote(Complaint._meta.db_table)
    columns = ", ".join(f"{table}.{quote(Complaint._meta.get_field(c).column)}" for c in sort.columns)
    marks = ", ".join(["%s"] * len(after))
    return qs.extra(where=[f"({columns}) {op} ({marks})"], params=list(after))


@dataclass(frozen=True)
class Page:
    rows: list[Complaint]
    next_cursor: str | None
    is_first: bool


def page(qs: QuerySet[Complaint], sort: Sort, after: Sequence[int] | None, size: int) -> Page:
    rows = list(seek(qs, sort, after)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_cursor=encode(rows[-1], sort) if more else None, is_first=after is None)
