"""From domain events to changes and deliveries, inside the action's transaction.

Subscribed to the domain events (``SUBSCRIPTIONS``, registered by ``WebhooksConfig.ready``).
Each event integrators may see becomes one ``Change`` and one pending ``Delivery`` per
active subscription that asked for its type and whose owner may see the complaint
(``tousu.complaints.access``), in the transaction of the action: a rolled-back action leaves
neither. Internal timeline entries (staff notes) are never published.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from tousu.accounts.models import User
from tousu.complaints import access
from tousu.complaints.choices import EventKind
from tousu.complaints.events import TimelineAppended
from tousu.payments.events import RefundStateChanged
from tousu.sla.events import Breached, ReminderDue, WindowClosing
from tousu.webhooks import payloads
from tousu.webhooks.models import Change, Delivery, EventType, Subscription

_CANDIDATES = (
    f"SELECT s.id, s.event_types FROM {Subscription._meta.db_table} s "  # noqa: S608
    f"JOIN {User._meta.db_table} u ON u.id = s.owner_id "
    "WHERE s.active AND u.is_active AND (s.merchant_id IS NULL OR s.merchant_id = %s)"
)


def _asking(event_type: str, merchant_id: int | None) -> list[int]:
    """Ids of the active subscriptions of active owners that asked for ``event_type`` and
    cover the shop. Plain SQL: it runs for every change of every complaint (twice per
    filing), usually to find none, and the ORM cost more than the query
    (docs/benchmarks.md, "Intake")."""
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES, [merchant_id])
        rows = cursor.fetchall()
    return [pk for pk, types in rows if event_type in _listed(types)]


def _listed(types: Any) -> list:
    return json.loads(types) if isinstance(types, str) else types  # SQLite text, PG jsonb


def subscribers(event_type: str, complaint) -> list[Subscription]:
    """The active subscriptions that receive this change (their owners may see it)."""
    ids = _asking(event_type, complaint.merchant_id)
    if not ids:
        return []
    return [
        subscription
        for subscription in Subscription.objects.filter(pk__in=ids).select_related("owner")
        if access.complaints_for(subscription.owner).filter(pk=complaint.pk).exists()
    ]


def emit(event_type: str, complaint, data: dict, at: datetime, status: str | None = None) -> Change:
    """Record the change and queue its deliveries (call inside the causing transaction)."""
    change = Change.objects.create(
        event_type=event_type,
        complaint=complaint,
        payload=payloads.envelope(event_type, complaint, data, at, status),
        created_at=at,
    )
    receivers = subscribers(event_type, complaint)
    if receivers:  # usually none: then not even the ORM's bulk_create is asked
        now = timezone.now()
        Delivery.objects.bulk_create(
            [
                Delivery(subscription=subscription, change=change, next_attempt_at=now)
                for subscription in receivers
            ]
        )
    return change


def on_timeline_appended(published: TimelineAppended) -> None:
    event = published.event
    if event.internal:
        return
    complaint, at = event.complaint, event.created_at
    if event.kind == EventKind.FILED:
        emit(EventType.COMPLAINT_FILED, complaint, payloads.filed_data(event), at)
    elif event.kind == EventKind.STATUS:
        status = event.to_status
        emit(EventType.STATUS_CHANGED, complaint, payloads.status_data(event), at, status)
        if event.transition == "decide":
            emit(EventType.DECISION_MADE, complaint, payloads.decision_data(event), at, status)
    elif event.kind == EventKind.MESSAGE:
        emit(EventType.MESSAGE_ADDED, complaint, payloads.message_data(event), at)


def on_deadline_approaching(published: ReminderDue | WindowClosing) -> None:
    deadline = published.deadline
    reason = "consumer_window" if isinstance(published, WindowClosing) else "reminder"
    emit(
        EventType.DEADLINE_APPROACHING,
        deadline.complaint,
        payloads.deadline_data(deadline, reason),
        timezone.now(),
    )


def on_deadline_missed(published: Breached) -> None:
    deadline = published.deadline
    emit(
        EventType.DEADLINE_MISSED,
        deadline.complaint,
        payloads.deadline_data(deadline, "breached"),
        timezone.now(),
    )


def on_refund_state_changed(published: RefundStateChanged) -> None:
    refund = published.refund
    emit(
        EventType.REFUND_STATE_CHANGED,
        refund.complaint,
        payloads.refund_data(refund, published.old),
        published.at,
    )


# What this app listens to; WebhooksConfig.ready subscribes each.
SUBSCRIPTIONS = (
    (TimelineAppended, on_timeline_appended),
    (ReminderDue, on_deadline_approaching),
    (WindowClosing, on_deadline_approaching),
    (Breached, on_deadline_missed),
    (RefundStateChanged, on_refund_state_changed),
)
