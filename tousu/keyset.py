"""Keyset ("seek") paging: the one way every list pages — the desk queue, the portal's and
the merchant center's lists, the API's lists, the access log, and ranked lists to come.

A list is ordered by sort keys ending in ``id`` (``Sort``). A page is that ``ORDER BY …
LIMIT n+1`` starting strictly after the last row of the previous page: no OFFSET, and no
COUNT(*) — a list says "more" (``next_cursor``), never "page 3 of 40". After the cursor
``(priority 3, id 10452)`` come the rest of priority 3 below id 10452, then the lower
priorities: one exact seek per key (``seek``), because SQLite seeks a row-value
comparison on its first column only and would walk every newer row of that priority
(41 ms instead of 0.5 ms deep in a 1M queue; docs/benchmarks.md). Each seek is a range
of a composite index ending in ``id`` where the list has one, so page 1000 costs what
page 1 costs. ``before`` pages backwards (a "previous" link), by the same seeks in the
reversed order.

A cursor is the boundary row's key values joined by dots, opaque to clients: integers as
written, date-times as microseconds since 1970 (UTC), a NULL as nothing (``3.10452``,
``1764547200000000.10452``, ``.10452``). ``decode`` answers None for anything that does not
parse for the sort (``tousu.cursors``: ASCII digits within 64 bits): the caller shows the
first page with a notice, or answers 4xx, never 500.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from datetime import timezone as tz
from typing import Any, Sequence

from django.db.models import F, Q, QuerySet
from django.utils.functional import Promise

from tousu.cursors import parse_key

EPOCH = datetime(1970, 1, 1, tzinfo=tz.utc)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Key:
    """One sort key: a model field or annotation, its direction, and where NULLs go."""

    field: str
    descending: bool = True
    moment: bool = False  # a date-time (else an integer)
    nulls: str = ""  # "" (never NULL), "last" or "first"

    def reversed(self) -> Key:
        flip = {"last": "first", "first": "last"}.get(self.nulls, "")
        return replace(self, descending=not self.descending, nulls=flip)

    def order(self):
        if not self.nulls:  # a plain column name keeps the query the indexes were built for
            return f"-{self.field}" if self.descending else self.field
        where = {f"nulls_{self.nulls}": True}
        return F(self.field).desc(**where) if self.descending else F(self.field).asc(**where)

    def equal(self, value) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})

    def after(self, value) -> Q | None:
        """Rows strictly after ``value`` in this key's order; None when there are none."""
        if value is None:
            return Q(**{f"{self.field}__isnull": False}) if self.nulls == "first" else None
        beyond = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        return beyond | Q(**{f"{self.field}__isnull": True}) if self.nulls == "last" else beyond


@dataclass(frozen=True)
class Sort:
    name: str
    label: Promise | str
    keys: tuple[Key, ...]  # the last one is always the id

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(k.field for k in self.keys)

    def order_by(self) -> list:
        return [k.order() for k in self.keys]

    def reversed(self) -> Sort:
        return replace(self, keys=tuple(k.reversed() for k in self.keys))


def by_id(name: str, label: Promise | str, *leading: str, descending: bool = True) -> Sort:
    """A sort on integer columns then id, all one way (the desk's sorts, the API's lists)."""
    return Sort(name, label, tuple(Key(c, descending) for c in (*leading, "id")))


NEWEST = by_id("newest", "newest first")  # by id alone: lists without a sort of their own


def latest(field: str) -> Sort:
    """Newest ``field`` (a date-time that is never NULL) first, then the highest id."""
    return Sort(f"latest_{field}", f"latest {field} first", (Key(field, moment=True), Key("id")))


def _write(key: Key, value) -> str:
    if value is None:
        return ""
    return str((value - EPOCH) // MICROSECOND) if key.moment else str(value)


def encode(row: Any, sort: Sort) -> str:
    return ".".join(_write(key, getattr(row, key.field)) for key in sort.keys)


def decode(raw: str | None, sort: Sort) -> tuple | None:
    """The cursor's values, or None when it is missing or does not parse for ``sort``."""
    parts = (raw or "").split(".")
    if not raw or len(parts) != len(sort.keys):
        return None
    values: list[object] = []
    for key, part in zip(sort.keys, parts):
        if part == "" and key.nulls:
            values.append(None)
            continue
        number = parse_key(part)
        if number is None:
            return None
        if key.moment:
            try:
                values.append(EPOCH + number * MICROSECOND)
            except OverflowError:  # beyond the year 9999
                return None
        else:
            values.append(number)
    return tuple(values)


def seek(qs: QuerySet, sort: Sort, after: Sequence | None) -> list[QuerySet]:
    """The queries whose results, one after the other, are the rows after the cursor: the
    rest of the cursor's last key first, then each earlier key moved on by one step."""
    qs = qs.order_by(*sort.order_by())
    if after is None:
        return [qs]
    queries = []
    for i in range(len(sort.keys) - 1, -1, -1):
        beyond = sort.keys[i].after(after[i])
        if beyond is None:
            continue
        same = Q()
        for key, value in zip(sort.keys[:i], after[:i]):
            same &= key.equal(value)
        queries.append(qs.filter(same & beyond))
    return queries


def _fetch(qs: QuerySet, sort: Sort, after: Sequence | None, size: int) -> list:
    rows: list = []
    for query in seek(qs, sort, after):
        rows += query[: size + 1 - len(rows)]
        if len(rows) > size:
            break
    return rows


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None  # "more": the rows after this page start after it
    previous_cursor: str | None  # the rows before this page end before it
    is_first: bool


def page(
    qs: QuerySet,
    sort: Sort,
    size: int,
    *,
    after: Sequence | None = None,
    before: Sequence | None = None,
) -> Page:
    """One page: the first, the one after the ``after`` cursor, or the one before ``before``."""
    if before is not None:
        rows = _fetch(qs, sort.reversed(), before, size)
        earlier = len(rows) > size
        rows = rows[:size][::-1]
        return Page(
            rows=rows,
            next_cursor=encode(rows[-1], sort) if rows else None,
            previous_cursor=encode(rows[0], sort) if earlier else None,
            is_first=not earlier,
        )
    rows = _fetch(qs, sort, after, size)
    more = len(rows) > size
    rows = rows[:size]
    return Page(
        rows=rows,
        next_cursor=encode(rows[-1], sort) if more else None,
        previous_cursor=encode(rows[0], sort) if after is not None and rows else None,
        is_first=after is None,
    )


def from_params(params, qs: QuerySet, sort: Sort, size: int) -> tuple[Page, bool]:
    """The page a list's link asks for (``?after=`` / ``?before=`` in ``params``, e.g.
    ``request.GET``), and whether a cursor in it did not parse (the first page is given
    instead, for the caller to say so)."""
    raw_after, raw_before = params.get("after", ""), params.get("before", "")
    after, before = decode(raw_after, sort), decode(raw_before, sort)
    bad = bool(raw_after and after is None or raw_before and before is None)
    if bad:
        after = before = None
    return page(qs, sort, size, after=after, before=None if after else before), bad
