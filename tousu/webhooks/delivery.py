"""The worker's webhook step: claim due deliveries, POST them, record the answer.

Like the notification outbox (``tousu.notify.delivery``): a delivery is claimed by a
compare-and-swap into SENDING with a lease (``SKIP LOCKED`` on PostgreSQL) in one short
transaction; the URL is checked again and the signed POST made with no transaction open;
the answer is recorded in another short transaction, which also writes the attempt to the
delivery log. A worker that dies mid-delivery only loses the lease: the delivery is sent
again later with the same id (``X-Tousu-Delivery``), so the receiver can drop the repeat.

A failed try is retried after ``backoff`` until ``TOUSU_WEBHOOK_MAX_ATTEMPTS``; then the
delivery has failed for good. After ``TOUSU_WEBHOOK_DISABLE_AFTER_FAILURES`` such deliveries
in a row the subscription is turned off and its owner told (inbox and e-mail).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tousu import leases
from tousu.complaints import access
from tousu.notify import rules as notify
from tousu.notify.models import Medium
from tousu.webhooks import keys, payloads, signing, targets, transport
from tousu.webhooks.models import Attempt, Delivery, DeliveryState, Subscription

S = DeliveryState


def backoff(attempts: int) -> timedelta:
    """Wait after ``attempts`` failed tries: doubling from TOUSU_WEBHOOK_BACKOFF_SECONDS, capped."""
    seconds = settings.TOUSU_WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.TOUSU_WEBHOOK_BACKOFF_MAX_SECONDS))


def _due(now: datetime):
    live = Delivery.objects.filter(subscription__active=True)
    return (
        live.filter(state=S.PENDING, next_attempt_at__lte=now),
        live.filter(state=S.SENDING, lease_until__lt=now),
    )


def claim(limit: int, now: datetime) -> list[int]:
    """Take up to ``limit`` due deliveries of active subscriptions, each under a lease."""
    lease_until = now + timedelta(seconds=settings.TOUSU_WEBHOOK_LEASE_SECONDS)
    return list(leases.claim(_due(now), limit, busy=S.SENDING, lease_until=lease_until))


def visible(delivery: Delivery) -> bool:
    """May the owner still see the complaint (still staff of the shop, still active)?"""
    owner = delivery.subscription.owner
    return access.complaints_for(owner).filter(pk=delivery.change.complaint_id).exists()


def send(delivery: Delivery, now: datetime) -> transport.Outcome:
    """Check the URL again and POST the signed body. Never inside a transaction."""
    subscription = delivery.subscription
    try:
        target = targets.check(subscription.url)
        secret = keys.unseal(subscription.secret_sealed)
    except targets.TargetRefused as refused:
        return transport.Outcome(None, f"URL refused: {refused}"[:500])
    except keys.SecretUnreadable:
        return transport.Outcome(None, "the signing secret cannot be read: rotate it")
    body = payloads.body(delivery.change)
    headers = signing.headers(
        secret,
        delivery_id=delivery.pk,
        event_type=delivery.change.event_type,
        timestamp=int(now.timestamp()),
        body=body,
    )
    return transport.post(target, body, headers, settings.TOUSU_WEBHOOK_TIMEOUT_SECONDS)


def record(delivery: Delivery, outcome: transport.Outcome, now: datetime) -> bool:
    """Store a try's answer on a claimed delivery. False when the lease was lost meanwhile."""
    attempts = delivery.attempts + 1
    changes: dict = {
        "attempts": attempts,
        "lease_until": None,
        "last_status_code": outcome.status,
        "last_error": outcome.error[:500],
        "response_excerpt": outcome.excerpt,
    }
    gave_up = False
    if outcome.ok:
        changes.update(state=S.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif attempts >= settings.TOUSU_WEBHOOK_MAX_ATTEMPTS:
        changes.update(state=S.FAILED, next_attempt_at=None)
        gave_up = True
    else:
        changes.update(state=S.PENDING, next_attempt_at=now + backoff(attempts))
    with transaction.atomic():
        mine = Delivery.objects.filter(
            pk=delivery.pk, state=S.SENDING, lease_until=delivery.lease_until
        )
        if not mine.update(**changes):
            return False
        Attempt.objects.create(
            delivery_id=delivery.pk,
            at=now,
            status_code=outcome.status,
            error=outcome.error[:500],
            response_excerpt=outcome.excerpt,
        )
        if outcome.ok:
            Subscription.objects.filter(
                pk=delivery.subscription_id, consecutive_failures__gt=0
            ).update(consecutive_failures=0)
        elif gave_up:
            _count_failure(delivery.subscription_id, now)
    return True


def _count_failure(subscription_id: int, now: datetime) -> None:
    Subscription.objects.filter(pk=subscription_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    subscription = Subscription.objects.select_related("owner").get(pk=subscription_id)
    if subscription.consecutive_failures < settings.TOUSU_WEBHOOK_DISABLE_AFTER_FAILURES:
        return
    # Compare-and-swap: only the worker that turns it off tells the owner.
    if Subscription.objects.filter(pk=subscription_id, active=True).update(
        active=False, disabled_at=now
    ):
        notify.to_user(
            subscription.owner,
            "webhook_disabled",
            {
                "id": subscription.pk,
                "url": subscription.url,
                "failures": subscription.consecutive_failures,
            },
            key=f"webhook-disabled:{subscription.pk}:{now.isoformat()}",
            media=(Medium.INBOX, Medium.EMAIL),
        )


def _skip(delivery: Delivery) -> None:
    Delivery.objects.filter(
        pk=delivery.pk, state=S.SENDING, lease_until=delivery.lease_until
    ).update(state=S.SKIPPED, lease_until=None, next_attempt_at=None)


def deliver_due(limit: int = 100, now: datetime | None = None) -> int:
    """One worker step. Returns how many deliveries it handled."""
    ids = claim(limit, now or timezone.now())
    claimed = (
        Delivery.objects.select_related("subscription__owner", "change")
        .filter(pk__in=ids)
        .order_by("id")
    )
    for delivery in claimed:
        if not visible(delivery):
            _skip(delivery)
            continue
        outcome = send(delivery, timezone.now())  # no transaction open: the receiver may be slow
        record(delivery, outcome, timezone.now())
    return len(ids)
