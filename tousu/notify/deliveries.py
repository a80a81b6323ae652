"""Where each message about a complaint to someone's phone or mailbox stands (WeChat, SMS,
e-mail): queued, sent, failed (retrying, or given up) or undeliverable with the reason.
The agent's workbench lists them, newest first, so the agent knows who was told what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from tousu.accounts.models import User
from tousu.complaints.models import Complaint
from tousu.notify.models import Medium, Outbox, OutboxState
from tousu.notify.topics import render

SHOWN = 30  # the most recent; the admin's outbox list has them all
OUTSIDE = (Medium.WECHAT, Medium.SMS, Medium.EMAIL)
JOBS = ("wechat_media",)  # outbox rows that are background jobs, not messages

QUEUED, SENT, RETRYING, FAILED, UNDELIVERABLE = (
    "queued",
    "sent",
    "retrying",
    "failed",
    "undeliverable",
)
LABELS = {
    QUEUED: _("queued"),
    SENT: _("sent"),
    RETRYING: _("failed, will retry"),
    FAILED: _("failed"),
    UNDELIVERABLE: _("undeliverable"),
}


@dataclass(frozen=True)
class Delivery:
    medium: str
    state: str  # one of QUEUED, SENT, RETRYING, FAILED, UNDELIVERABLE (a CSS class too)
    label: str
    reason: str  # why undeliverable, or the last error of a failure
    recipient: User
    title: str
    queued_at: datetime
    sent_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None


def _state(row: Outbox) -> str:
    if row.state == OutboxState.SENT:
        return SENT
    if row.state == OutboxState.UNDELIVERABLE:
        return UNDELIVERABLE
    if row.state == OutboxState.DEAD:
        return FAILED
    return RETRYING if row.attempts else QUEUED


def deliveries(complaint: Complaint) -> list[Delivery]:
    rows = (
        Outbox.objects.filter(complaint=complaint, medium__in=OUTSIDE)
        .exclude(topic__in=JOBS)
        .select_related("recipient")
        .order_by("-id")[:SHOWN]
    )
    found = []
    for row in rows:
        state = _state(row)
        found.append(
            Delivery(
                medium=row.get_medium_display(),
                state=state,
                label=str(LABELS[state]),
                reason=(
                    row.get_undelivered_reason_display()
                    if state == UNDELIVERABLE
                    else row.last_error
                    if state in (RETRYING, FAILED)
                    else ""
                ),
                recipient=row.recipient,
                title=render(row.topic, row.context)[0],
                queued_at=row.created_at,
                sent_at=row.sent_at,
                attempts=row.attempts,
                next_attempt_at=row.next_attempt_at if state == RETRYING else None,
            )
        )
    return found
