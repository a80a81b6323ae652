"""Retention of sent notifications, one step of ``tousu worker`` (docs/scaling.md#retention).

Rows in SENT whose ``sent_at`` is older than ``TOUSU_OUTBOX_RETENTION_DAYS`` are
deleted, at most ``limit`` a round, oldest first: SMS, e-mail, WeChat and in-app notices
alike (an in-app notice's inbox message stays, its link to the notice set to null). Rows
still pending, being sent, dead-lettered or undeliverable stay for agents to see. A dedupe key freed this way is never needed again:
the events that queue notifications are months in the past.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tousu.notify.models import Outbox, OutboxState


def prunable(now: datetime):
    cutoff = now - timedelta(days=settings.TOUSU_OUTBOX_RETENTION_DAYS)
    return Outbox.objects.filter(state=OutboxState.SENT, sent_at__lt=cutoff)


def prune_sent(limit: int, now: datetime | None = None) -> int:
    """Delete up to ``limit`` sent notifications past retention; returns how many."""
    if settings.TOUSU_OUTBOX_RETENTION_DAYS <= 0:
        return 0
    rows = prunable(now or timezone.now())
    ids = list(rows.order_by("sent_at").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    # Another worker may have deleted some of them meanwhile: count what this one did.
    return rows.filter(pk__in=ids).delete()[1].get(Outbox._meta.label, 0)
