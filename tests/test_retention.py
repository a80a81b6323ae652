"""Retention (docs/scaling.md#retention): the worker deletes sent notifications and finished
webhook deliveries past their age, and nothing else — in-app notices, rows not yet sent,
failed deliveries and the change feed stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.webhooks.conftest import (  # noqa: F401 - fixtures
    deliver_all,
    loopback_allowed,
    message,
    receiver,
    subscribe,
)
from tousu.jobs.registry import JOBS, run_round
from tousu.notify.delivery import deliver_due
from tousu.notify.models import InboxMessage, Medium, Outbox, OutboxState
from tousu.notify.retention import prune_sent
from tousu.webhooks.models import Attempt, Change, Delivery, DeliveryState, EventType
from tousu.webhooks.retention import prune_delivered

pytestmark = pytest.mark.django_db

# The fixtures file their complaint at FILED (a fixed moment, however long the suite has run);
# THEN is a moment after it, when its notices are due.
FILED = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
THEN = FILED + timedelta(minutes=5)


@pytest.fixture(autouse=True)
def _at_a_fixed_moment():
    with time_machine.travel(FILED, tick=False):
        yield


def sent_then(complaint) -> dict[str, Outbox]:
    """The filing's acknowledgement (in-app notice and SMS), delivered at THEN."""
    with time_machine.travel(THEN, tick=False):
        deliver_due(limit=100)
    rows = {row.medium: row for row in Outbox.objects.filter(complaint=complaint)}
    assert {m: r.state for m, r in rows.items()} == {
        Medium.INBOX: OutboxState.SENT,
        Medium.SMS: OutboxState.SENT,
    }
    return rows


def test_sent_notices_past_retention_are_deleted_the_inbox_message_stays(
    complaint, consumer, settings
):
    settings.TOUSU_OUTBOX_RETENTION_DAYS = 365
    rows = sent_then(complaint)
    message = InboxMessage.objects.get(outbox=rows[Medium.INBOX])
    with time_machine.travel(THEN + timedelta(days=364), tick=False):
        assert prune_sent(100) == 0  # not old enough yet
    with time_machine.travel(THEN + timedelta(days=366), tick=False):
        assert prune_sent(100) == 2
    assert not Outbox.objects.filter(pk__in=[r.pk for r in rows.values()]).exists()
    message.refresh_from_db()
    assert (message.outbox, message.user, message.complaint) == (None, consumer, complaint)
    assert message.title and message.body


def test_rows_not_sent_are_never_deleted(complaint, settings):
    settings.TOUSU_OUTBOX_RETENTION_DAYS = 1
    Outbox.objects.filter(complaint=complaint).update(
        state=OutboxState.DEAD, sent_at=THEN - timedelta(days=30)
    )
    with time_machine.travel(THEN + timedelta(days=400), tick=False):
        assert prune_sent(100) == 0
    assert Outbox.objects.filter(complaint=complaint).count() == 2


def test_zero_keeps_every_row(complaint, settings):
    settings.TOUSU_OUTBOX_RETENTION_DAYS = 0
    sent_then(complaint)
    with time_machine.travel(THEN + timedelta(days=3000), tick=False):
        assert prune_sent(100) == 0
    assert Outbox.objects.filter(complaint=complaint).count() == 2


def test_at_most_limit_rows_a_round_oldest_first(complaint, consumer, settings):
    settings.TOUSU_OUTBOX_RETENTION_DAYS = 10
    for n in range(3):
        Outbox.objects.create(
            medium=Medium.EMAIL,
            recipient=consumer,
            topic="acknowledged",
            dedupe_key=f"old-{n}",
            state=OutboxState.SENT,
            next_attempt_at=THEN,
            sent_at=THEN + timedelta(days=n),
        )
    with time_machine.travel(THEN + timedelta(days=40), tick=False):
        assert prune_sent(2) == 2
        assert list(
            Outbox.objects.filter(medium=Medium.EMAIL).values_list("dedupe_key", flat=True)
        ) == ["old-2"]


def test_finished_webhook_deliveries_past_retention_go_with_their_tries(
    receiver, complaint, merchant_staff, settings
):
    settings.TOUSU_WEBHOOK_DELIVERY_RETENTION_DAYS = 90
    subscription, _secret = subscribe(merchant_staff, receiver.url, EventType.MESSAGE_ADDED)
    with time_machine.travel(THEN, tick=False):
        message(complaint, complaint.consumer)
        assert deliver_all() == 1
        message(complaint, complaint.consumer, "第二条")
    failed = Delivery.objects.exclude(state=DeliveryState.DELIVERED).get()
    Delivery.objects.filter(pk=failed.pk).update(state=DeliveryState.FAILED)
    delivered = Delivery.objects.get(state=DeliveryState.DELIVERED)
    assert Attempt.objects.filter(delivery=delivered).exists()
    with time_machine.travel(THEN + timedelta(days=89), tick=False):
        assert prune_delivered(100) == 0
    with time_machine.travel(THEN + timedelta(days=91), tick=False):
        assert prune_delivered(100) == 1
    assert list(Delivery.objects.values_list("pk", flat=True)) == [failed.pk]
    assert not Attempt.objects.filter(delivery_id=delivered.pk).exists()
    assert Change.objects.filter(complaint=complaint).count() >= 2  # the feed keeps its changes


def test_the_worker_runs_retention_every_round(complaint, settings):
    assert "retention" in [job.name for job in JOBS]
    settings.TOUSU_OUTBOX_RETENTION_DAYS = 30
    sms = sent_then(complaint)[Medium.SMS]
    with time_machine.travel(THEN + timedelta(days=31), tick=False):
        run_round(100)
    assert not Outbox.objects.filter(pk=sms.pk).exists()
