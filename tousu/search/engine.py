"""Search complaints: match, rank within a bounded window, page by (score, id).

A query ranks at most ``TOUSU_SEARCH_RANK_WINDOW`` matches, the newest ones (after
the caller's filters): the database walks the matches newest first, scores each and
stops there. Below the window (most queries: a number, a name, two or three words)
every match is ranked; a word that occurs in a large share of all complaints (退款)
ranks the newest N of them, the page says so (``Results.window_full``), and its cost
no longer grows with the table. Pages are keyset on ``(score, id)`` descending; the
cursor is ``<score>.<id>``.

Search is for platform staff only: the index holds internal notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from tousu.accounts.models import User
from tousu.complaints import access
from tousu.complaints.models import Complaint
from tousu.cursors import parse_keys
from tousu.search import backends, snippets
from tousu.search.query import Query


class NotAllowed(PermissionError):
    """Only platform staff may search (the index holds internal notes)."""


@dataclass
class Hit:
    complaint: Complaint
    score: int
    snippet: snippets.Snippet | None


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    next_cursor: str | None = None
    is_first: bool = True
    window_full: bool = False  # more matched than were ranked


def decode(raw: str) -> tuple[int, int] | None:
    """The ``(score, id)`` of a cursor, or None when it is missing or malformed."""
    return parse_keys(raw or "", 2)  # type: ignore[return-value]


def _ranked_ids(
    qs: QuerySet[Complaint],
    query: Query,
    after: Sequence[int] | None,
    size: int,
    shop_id: int | None,
) -> tuple[list[tuple[int, int]], bool]:
    window = settings.TOUSU_SEARCH_RANK_WINDOW
    inner = backends.matching(qs, query, shop_id).values_list("id", "score")[:window]
    sql, params = inner.query.get_compiler(using=inner.db).as_sql()
    keyset = ""
    if after is not None:
        keyset = "WHERE w.score < %s OR (w.score = %s AND w.id < %s)"
        params = (*params, after[0], after[0], after[1])
    # MATERIALIZED: the window is computed once, for the page and for its count.
    statement = (
        f"WITH w (id, score) AS MATERIALIZED ({sql}) "
        f"SELECT w.id, w.score, (SELECT COUNT(*) FROM w) FROM w {keyset} "
        "ORDER BY w.score DESC, w.id DESC LIMIT %s"
    )
    with backends.serial_plan(), connection.cursor() as cursor:
        cursor.execute(statement, (*params, size + 1))
        rows = cursor.fetchall()
    full = bool(rows) and rows[0][2] >= window
    return [(pk, score) for pk, score, _ in rows], full


def search(
    user: User,
    query: Query,
    qs: QuerySet[Complaint],
    *,
    after: Sequence[int] | None = None,
    size: int | None = None,
    shop_id: int | None = None,
) -> Results:
    """A page of the complaints in ``qs`` matching ``query``, best first.

    ``shop_id``: ``qs`` is already narrowed to this shop; saying so lets the index do it
    too, which is much faster for a common word (``backends.matching``).
    """
    if not access.sees_internal(user):  # the index holds internal notes
        raise NotAllowed()
    size = size or settings.TOUSU_QUEUE_PAGE_SIZE
    results = Results(query=query, is_first=after is None)
    if query.is_empty:
        return results
    if query.phones:
        qs = qs.filter(consumer__phone__in=query.phones)
    ranked, results.window_full = _ranked_ids(qs, query, after, size, shop_id)
    more = len(ranked) > size
    ranked = ranked[:size]
    rows = Complaint.objects.select_related("consumer", "merchant", "assignee").in_bulk(
        [pk for pk, _ in ranked]
    )
    found = snippets.for_complaints(list(rows.values()), query)
    results.hits = [Hit(rows[pk], score, found.get(pk)) for pk, score in ranked if pk in rows]
    if more and ranked:
        results.next_cursor = f"{ranked[-1][1]}.{ranked[-1][0]}"
    return results
