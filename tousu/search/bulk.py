"""Rebuild the search index in bulk: after an upgrade, or for a freshly seeded benchmark.

Complaints are read in id order, ``batch`` at a time; each batch is one transaction
that locks its complaints (so no action appends a message meanwhile), reads their
texts, replaces their documents and commits, so a rebuild can be stopped and run again
and the site stays usable while it runs. Segmenting is the slow part (jieba, about
0.3–0.5 M characters per second per core); ``jobs`` > 1 segments in that many
processes while the database work stays in this one.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, connections, transaction

from tousu.complaints.choices import EventKind
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.search import documents, tokens
from tousu.search.models import SearchDocument

# (pk, ident, shop + consumer + item titles, description, [(text, internal), …])
Source = tuple[int, str, str, str, list[tuple[str, bool]]]
Parts = tuple[int, str, str, str, str, str]


def segment(source: Source) -> Parts:
    """The document parts of one complaint (pure: runs in worker processes)."""
    pk, ident, names, description, texts = source
    talk = [tokens.joined(text) for text, internal in texts if not internal]
    notes = [tokens.joined(text) for text, internal in texts if internal]
    return (
        pk,
        ident,
        tokens.joined(names),
        tokens.joined(description),
        " ".join(t for t in talk if t),
        " ".join(t for t in notes if t),
    )


def _sources(ids: list[int]) -> list[Source]:
    complaints = (
        Complaint.objects.filter(pk__in=ids)
        .select_related("consumer", "merchant")
        .only(
            "number",
            "description",
            "order_snapshot",
            "consumer__display_name",
            "consumer__username",
            "merchant__shop_name",
        )
        .order_by("pk")
    )
    texts: dict[int, list[tuple[str, bool]]] = {pk: [] for pk in ids}
    events = (
        ComplaintEvent.objects.filter(complaint_id__in=ids)
        .exclude(body="")
        .exclude(kind=EventKind.FILED)
        .order_by("id")
        .values_list("complaint_id", "body", "internal")
    )
    for complaint_id, body, internal in events:
        texts[complaint_id].append((body, internal))
    out = []
    for c in complaints:
        out.append(
            (c.pk, documents.ident_text(c), documents.names_source(c), c.description, texts[c.pk])
        )
    return out


@contextmanager
def _mapper(jobs: int) -> Iterator[Callable]:
    if jobs <= 1:
        yield lambda fn, items: list(map(fn, items))
        return
    if connection.in_atomic_block:
        raise RuntimeError(
            "segmenting in processes closes the connections: not inside a transaction"
        )
    tokens.words("预热")  # load the dictionary once, before forking: the workers inherit it
    connections.close_all()  # the workers must not share this process's connections
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield lambda fn, items: pool.map(fn, items, chunksize=64)


def rebuild(
    *,
    batch: int = 1000,
    jobs: int = 1,
    start: int = 0,
    progress: Callable[[int], None] | None = None,
) -> int:
    """(Re)write the documents of every complaint with id ≥ ``start``; returns how many."""
    done = 0
    with _mapper(jobs) as map_:
        last = start - 1
        while True:
            with transaction.atomic():
                ids = list(
                    Complaint.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:batch]
                )
                if not ids:
                    break
                parts = map_(segment, _sources(ids))
                SearchDocument.objects.filter(pk__in=ids).delete()
                SearchDocument.objects.bulk_create(
                    [
                        SearchDocument(complaint_id=pk, ident=i, names=n, body=b, talk=t, notes=o)
                        for pk, i, n, b, t, o in parts
                    ],
                    batch_size=500,
                )
            last = ids[-1]
            done += len(ids)
            if progress:
                progress(done)
    return done


def optimize() -> None:
    """After a bulk rebuild: merge SQLite's FTS5 segments into one (faster queries)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
