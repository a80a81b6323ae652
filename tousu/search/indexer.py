"""Keeps the search index in step with the timeline, in the action's own transaction.

Subscribed to ``TimelineAppended`` (``SearchConfig.ready``): the ``filed`` event writes
the complaint's document; any later event with a text (a message, an internal note, the
reason given with a step, an evidence caption, call notes) appends its tokens to the
document's ``talk`` or, when staff-only, ``notes``. What is written here commits or
rolls back with the action, so the index never shows a text that was not saved.
"""

from __future__ import annotations

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat

from tousu.complaints.choices import EventKind
from tousu.complaints.events import TimelineAppended
from tousu.search import documents, tokens
from tousu.search.models import SearchDocument


def on_timeline_appended(published: TimelineAppended) -> None:
    event = published.event
    complaint = event.complaint
    if event.kind == EventKind.FILED:
        documents.header(complaint).save(force_insert=True)  # a new complaint has none yet
        return
    if not event.body:
        return
    part = "notes" if event.internal else "talk"
    text = tokens.joined(event.body)
    if not text:
        return
    updated = SearchDocument.objects.filter(pk=complaint.pk).update(
        **{
            part: Case(
                When(**{part: ""}, then=Value(text)),
                default=Concat(F(part), Value(" " + text)),
                output_field=TextField(),
            )
        }
    )
    if not updated:
        # Filed before the index existed and not rebuilt yet: write it whole now.
        documents.build(complaint).save()
