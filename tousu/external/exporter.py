"""The platform's answers to external cases, in the shape they were imported in.

One row per external case of a source: ``external_id`` and the complaint it became,
its status, the public replies and decisions in order (never an internal note, never
the consumer's own messages), and ``closed_at``. Used by ``export_replies`` and
``GET /api/v1/export/replies``. docs/external-cases.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from tousu.accounts.models import Role
from tousu.complaints.choices import EventKind
from tousu.complaints.models import ComplaintEvent
from tousu.external.models import ExternalCase

COLUMNS = ("external_id", "complaint_number", "status", "replies", "closed_at")
# Who answers for the platform: its own staff, the merchant, and the system's automatic steps.
ANSWERING_ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.MERCHANT, "system")


def _stamp(moment: datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def public_replies(events) -> list[dict]:
    """The answers on a timeline, oldest first: public messages and the notes of status steps."""
    return [
        {
            "at": _stamp(e.created_at),
            "role": e.actor_role,
            "kind": e.kind,
            "transition": e.transition,
            "text": e.body,
        }
        for e in events
        if not e.internal
        and e.body.strip()
        and e.actor_role in ANSWERING_ROLES
        and e.kind in (EventKind.MESSAGE, EventKind.STATUS)
    ]


def rows(source: str, since: datetime | None = None) -> Iterator[dict]:
    """One dict per case of ``source`` (received at or after ``since``), oldest first."""
    cases = (
        ExternalCase.objects.filter(source=source)
        .select_related("complaint")
        .prefetch_related(
            Prefetch(
                "complaint__events",
                queryset=ComplaintEvent.objects.filter(internal=False).order_by("id"),
            )
        )
    )
    if since is not None:
        cases = cases.filter(received_at__gte=since)
    for case in cases.order_by("received_at", "id"):
        complaint = case.complaint
        yield {
            "external_id": case.external_id,
            "complaint_number": complaint.number,
            "status": complaint.status,
            "replies": public_replies(complaint.events.all()),
            "closed_at": _stamp(complaint.closed_at),
        }


def flat(row: dict) -> dict:
    """A row for CSV: the replies as one cell, one ``[time role] text`` paragraph each."""
    text = "\n\n".join(f"[{r['at']} {r['role']}] {r['text']}" for r in row["replies"])
    return {**row, "replies": text}
