"""The full-text match and the score, written for each database's own engine.

Both take a queryset of complaints (the caller's filters already on it) and return it
restricted to the complaints whose document matches every word, with ``score``: a
non-negative integer, higher is better (the engine's rank × 10⁶, so that paging can
carry it exactly), ordered newest match first for the ranking window
(``tousu.search.engine``).

* SQLite: FTS5 ``MATCH`` with each word quoted (nothing typed is FTS syntax) and
  ``bm25`` with per-part weights. For two words or more, the words typed together as
  a phrase are added as an alternative: it matches nothing more, but bm25 scores the
  texts where the words stand side by side higher.
* PostgreSQL: ``plainto_tsquery('simple', …)`` over the same tokens and ``ts_rank_cd``
  (cover density: the closer the words, the higher), parts weighted A–D.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet

from tousu.complaints.models import Complaint
from tousu.search.query import Query

# Part weights for SQLite's bm25, in SearchDocument.PARTS order; PostgreSQL uses the
# weights A (ident), B (names), C (body), D (talk, notes) with ts_rank_cd's defaults.
BM25_WEIGHTS = (10.0, 4.0, 2.0, 1.0, 1.0)
SCALE = 1_000_000


def shop_token(merchant_id: int) -> str:
    """The token that says which shop a complaint is against (a complaint's shop never
    changes), in ``ident``; one word to jieba, FTS5 and PostgreSQL alike."""
    return f"shop{merchant_id}"


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_query(query: Query, shop_id: int | None = None) -> str:
    """The FTS5 expression: every word, the phrase as a scoring bonus, and the shop."""
    expression = " AND ".join(_quoted(w) for w in query.distinct_words)
    if len(query.words) > 1:
        expression = f"({expression}) OR {_quoted(' '.join(query.words))}"
    if shop_id is not None:
        expression = f"({expression}) AND ident : {_quoted(shop_token(shop_id))}"
    return expression


def _sqlite(qs: QuerySet[Complaint], query: Query, shop_id: int | None) -> QuerySet[Complaint]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return qs.extra(
        select={"score": f"CAST(-bm25(search_fts, {weights}) * {SCALE} AS INTEGER)"},
        tables=["search_fts"],
        where=["search_fts.rowid = complaints_complaint.id", "search_fts MATCH %s"],
        params=[fts5_query(query, shop_id)],
        order_by=["-search_fts.rowid"],
    )


def _postgresql(qs: QuerySet[Complaint], query: Query, shop_id: int | None) -> QuerySet[Complaint]:
    words = " ".join(query.words)
    matched = words if shop_id is None else f"{words} {shop_token(shop_id)}"
    return qs.extra(
        select={
            "score": "CAST(ts_rank_cd(search_document.document, plainto_tsquery('simple', %s), 1)"
            f" * {SCALE} AS BIGINT)"
        },
        select_params=[words],
        tables=["search_document"],
        where=[
            "search_document.complaint_id = complaints_complaint.id",
            "search_document.document @@ plainto_tsquery('simple', %s)",
        ],
        params=[matched],
        order_by=["-search_document.complaint_id"],
    )


def matching(
    qs: QuerySet[Complaint], query: Query, shop_id: int | None = None
) -> QuerySet[Complaint]:
    """``qs`` narrowed to the complaints matching ``query.words``, with ``score``.

    ``shop_id``: the caller filters by this shop too; matching its token in the index
    lets the engine intersect the two lists instead of looking every match of a common
    word up in the shop's index (benchmarks.md, search finding 2).
    """
    if not query.words:
        return qs.extra(select={"score": "0"}).order_by("-id")
    if connection.vendor == "postgresql":
        return _postgresql(qs, query, shop_id)
    return _sqlite(qs, query, shop_id)


@contextmanager
def serial_plan():
    """On PostgreSQL, plan the search without parallel workers.

    The planner guesses 5,000 rows for a word its statistics do not know (every order
    number) and starts two workers for them: ~8 ms to find 20 rows that one process
    finds in 0.3 ms. Measured at 1M complaints: a rare order number 22 → 5.6 ms, 退款
    unchanged, the phrase 发货太慢 162 → 108 ms. ``SET LOCAL`` ends with the transaction
    and is put back at once in case the caller's transaction goes on. On SQLite nothing
    (and no transaction: SQLite's are IMMEDIATE here, a read must not take the write lock).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        cursor.execute("SET LOCAL max_parallel_workers_per_gather TO DEFAULT")
