"""The outbox worker step: claim due rows, deliver, retry with backoff, dead-letter.

An adapter that raises ``Undeliverable`` (the medium says it can never deliver: the
user unfollowed, the 48-hour window is closed…) puts the row in UNDELIVERABLE with the
reason, at once and for good (a WeChat notice then goes by SMS instead, in the same
transaction: ``rules.fall_back``); any other exception is retried.

Safe with several workers: a row is claimed by a compare-and-swap into SENDING with a
lease (plus ``SKIP LOCKED`` on PostgreSQL), and a worker that dies mid-delivery only
loses the lease, after which the row is due again. Claiming and recording the result are
short transactions; the delivery itself (SMS gateway, mail server, WeChat API) runs with
no transaction open, so no writer waits on the network (each adapter's own writes, e.g.
the inbox row or stored evidence, commit on their own).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tousu import leases
from tousu.notify import rules
from tousu.notify.adapters import deliver
from tousu.notify.errors import Undeliverable
from tousu.notify.models import Outbox, OutboxState


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failures: doubling, capped."""
    seconds = settings.TOUSU_OUTBOX_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.TOUSU_OUTBOX_BACKOFF_MAX_SECONDS))


def _due(now):
    pending = Outbox.objects.filter(state=OutboxState.PENDING, next_attempt_at__lte=now)
    abandoned = Outbox.objects.filter(state=OutboxState.SENDING, lease_until__lt=now)
    return pending, abandoned


def claim(limit: int, now=None) -> list[int]:
    """Take up to ``limit`` due rows for this worker (``tousu.leases``)."""
    now = now or timezone.now()
    lease_until = now + timedelta(seconds=settings.TOUSU_OUTBOX_LEASE_SECONDS)
    return list(leases.claim(_due(now), limit, busy=OutboxState.SENDING, lease_until=lease_until))


def _finish(row: Outbox, error: Exception | None, now) -> None:
    mine = Outbox.objects.filter(pk=row.pk, state=OutboxState.SENDING, lease_until=row.lease_until)
    attempts = row.attempts + 1
    if error is None:
        mine.update(
            state=OutboxState.SENT, sent_at=now, attempts=attempts, lease_until=None, last_error=""
        )
    elif isinstance(error, Undeliverable):
        with transaction.atomic():
            if mine.update(
                state=OutboxState.UNDELIVERABLE,
                undelivered_reason=error.reason,
                attempts=attempts,
                lease_until=None,
                last_error=error.detail[:2000],
            ):
                rules.fall_back(row)
    elif attempts >= settings.TOUSU_OUTBOX_MAX_ATTEMPTS:
        mine.update(
            state=OutboxState.DEAD,
            attempts=attempts,
            lease_until=None,
            last_error=repr(error)[:2000],
        )
    else:
        mine.update(
            state=OutboxState.PENDING,
            attempts=attempts,
            lease_until=None,
            next_attempt_at=now + backoff(attempts),
            last_error=repr(error)[:2000],
        )


def deliver_due(limit: int = 100, now=None) -> int:
    """One worker step. Returns how many rows it handled."""
    ids = claim(limit, now)
    for row in (
        Outbox.objects.select_related("recipient", "complaint").filter(pk__in=ids).order_by("id")
    ):
        try:
            deliver(row)  # no transaction open: an SMS gateway or mail server may take seconds
        except Exception as error:  # noqa: BLE001 - any other adapter failure is retried
            _finish(row, error, timezone.now())
        else:
            _finish(row, None, timezone.now())
    return len(ids)


def retry_dead(queryset) -> int:
    """Put dead letters back in the queue (admin action)."""
    return queryset.filter(state=OutboxState.DEAD).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
