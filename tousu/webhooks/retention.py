"""Retention of webhook deliveries, one step of ``tousu worker`` (docs/scaling.md#retention).

Deliveries DELIVERED or SKIPPED whose ``created_at`` is older than
``TOUSU_WEBHOOK_DELIVERY_RETENTION_DAYS`` are deleted with their tries, at most ``limit``
a round, oldest first; the subscription's delivery log then shows that many days. Failed
deliveries stay until their owner has seen them; the changes themselves (the feed) stay.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tousu.webhooks.models import Delivery, DeliveryState

DONE = (DeliveryState.DELIVERED, DeliveryState.SKIPPED)


def prune_delivered(limit: int, now: datetime | None = None) -> int:
    """Delete up to ``limit`` finished deliveries past retention; returns how many."""
    if settings.TOUSU_WEBHOOK_DELIVERY_RETENTION_DAYS <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.TOUSU_WEBHOOK_DELIVERY_RETENTION_DAYS
    )
    ids = list(
        Delivery.objects.filter(state__in=DONE, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    # Still finished: a redelivery asked for meanwhile keeps its row.
    done = Delivery.objects.filter(pk__in=ids, state__in=DONE)
    return done.delete()[1].get(Delivery._meta.label, 0)
