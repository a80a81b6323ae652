"""The search index: one document of tokens per complaint.

``SearchDocument`` holds, per complaint, the jieba tokens of each searchable part as
space-separated text (``tousu.search.tokens``). The database indexes it with its own
full-text engine, set up by migration 0001 for the backend in use:

* SQLite: ``search_fts``, an FTS5 table over this one (``content=search_document``),
  kept in step by triggers on insert, update and delete, ranked with ``bm25``;
* PostgreSQL: a generated ``tsvector`` column (``'simple'`` configuration, one weight
  per part) with a GIN index, ranked with ``ts_rank_cd``.

Rows are written only by ``tousu.search.indexer`` (subscribed to the timeline, inside
the action's transaction) and ``tousu.search.bulk`` (rebuilds).
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # Complaint and order numbers: matched whole.
    ident = models.TextField(blank=True, default="")
    # Shop name, consumer's name, the titles of the items complained about.
    names = models.TextField(blank=True, default="")
    # The description.
    body = models.TextField(blank=True, default="")
    # Messages and other texts on the timeline everyone on the complaint sees.
    talk = models.TextField(blank=True, default="")
    # Internal notes and other staff-only texts.
    notes = models.TextField(blank=True, default="")

    class Meta:
        db_table = "search_document"

    # The parts in index column order, with their ranking weights (ident counts most).
    PARTS = ("ident", "names", "body", "talk", "notes")
