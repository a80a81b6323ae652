"""Notifications about a complaint that the medium said can never be delivered.

The agent's workbench lists them, so an agent knows that a reply did not reach the
consumer (and can phone instead). Titles are rendered in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tousu.accounts.models import User
from tousu.complaints.models import Complaint
from tousu.notify.models import Outbox, OutboxState
from tousu.notify.topics import render

SHOWN = 20  # the most recent; the admin's outbox list has them all


@dataclass(frozen=True)
class Undelivered:
    medium: str
    reason: str
    detail: str
    recipient: User
    title: str
    queued_at: datetime


def undelivered(complaint: Complaint) -> list[Undelivered]:
    rows = (
        Outbox.objects.filter(complaint=complaint, state=OutboxState.UNDELIVERABLE)
        .select_related("recipient")
        .order_by("-id")[:SHOWN]
    )
    return [
        Undelivered(
            medium=row.get_medium_display(),
            reason=row.get_undelivered_reason_display(),
            detail=row.last_error,
            recipient=row.recipient,
            title=render(row.topic, row.context)[0],
            queued_at=row.created_at,
        )
        for row in rows
    ]
