"""Notifications: written with their cause, delivered by the worker, retried, dead-lettered."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.conftest import draft
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import EvidenceRejected
from tousu.notify import delivery
from tousu.notify.adapters import LoggingSmsProvider
from tousu.notify.errors import Undeliverable
from tousu.notify.models import InboxMessage, Medium, Outbox, OutboxState, UndeliveredReason


class BrokenSms(LoggingSmsProvider):
    def send(self, phone, template, params, message_id):
        raise ConnectionError("gateway down")


class UnreachableSms(LoggingSmsProvider):
    def send(self, phone, template, params, message_id):
        raise Undeliverable(UndeliveredReason.INVALID_RECIPIENT, "empty number")


def test_filing_queues_the_acknowledgement_in_the_same_transaction(complaint, consumer):
    rows = Outbox.objects.filter(recipient=consumer, topic="acknowledged")
    assert sorted(rows.values_list("medium", flat=True)) == [Medium.INBOX, Medium.SMS]


def test_a_failed_filing_leaves_no_notification(consumer, order):
    bad = SimpleUploadedFile("x.jpg", b"MZ" + b"\0" * 100)
    with pytest.raises(EvidenceRejected):
        filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB, uploads=[bad])
    assert not Outbox.objects.exists()


def test_merchant_is_asked_by_inbox_and_email(
    complaint, merchant_staff, other_merchant_staff, agent
):
    merchant_staff.email = "shop@example.com"
    merchant_staff.save()
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    asked = Outbox.objects.filter(topic="merchant_asked")
    assert sorted(asked.values_list("recipient__username", "medium")) == [
        ("shopkeeper", Medium.EMAIL),
        ("shopkeeper", Medium.INBOX),
    ]


def test_public_reply_notifies_the_consumer_but_an_internal_note_does_not(
    complaint, consumer, agent
):
    actions.post_message(complaint, agent, "内部：再核实", channel=Channel.DESK, internal=True)
    assert not Outbox.objects.filter(topic="reply").exists()
    actions.post_message(complaint, agent, "您好，已联系商家", channel=Channel.DESK)
    replies = Outbox.objects.filter(topic="reply", recipient=consumer)
    assert sorted(replies.values_list("medium", flat=True)) == [Medium.INBOX, Medium.SMS]


def test_worker_delivers_inbox_email_and_sms(complaint, consumer, merchant_staff, agent, caplog):
    merchant_staff.email = "shop@example.com"
    merchant_staff.save()
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    caplog.set_level("INFO", logger="tousu.notify")
    call_command("worker", "--once")
    assert not Outbox.objects.exclude(state=OutboxState.SENT).exists()
    inbox = InboxMessage.objects.get(user=consumer)
    assert complaint.number in inbox.title
    assert [m.to for m in mail.outbox] == [["shop@example.com"]]
    assert any(
        "13812341234" in r.getMessage() and complaint.number in r.getMessage()
        for r in caplog.records
    )


@pytest.fixture
def NOW():
    """A fixed instant after the fixtures were written, so their rows are due."""
    return (timezone.now() + timedelta(hours=1)).replace(microsecond=0)


def test_failures_back_off_then_become_dead_letters_an_admin_can_retry(complaint, settings, NOW):
    settings.TOUSU_SMS_PROVIDER = "tests.notify.test_outbox.BrokenSms"
    settings.TOUSU_OUTBOX_MAX_ATTEMPTS = 3
    sms = Outbox.objects.get(medium=Medium.SMS)
    with time_machine.travel(NOW, tick=False):
        delivery.deliver_due()
        sms.refresh_from_db()
        assert (sms.state, sms.attempts) == (OutboxState.PENDING, 1)
        assert sms.next_attempt_at == NOW + timedelta(seconds=30)
        assert "gateway down" in sms.last_error
        assert delivery.deliver_due() == 0  # not due yet
    with time_machine.travel(NOW + timedelta(seconds=31), tick=False):
        delivery.deliver_due()
        sms.refresh_from_db()
        assert sms.next_attempt_at == NOW + timedelta(seconds=31 + 60)
    with time_machine.travel(NOW + timedelta(seconds=100), tick=False):
        delivery.deliver_due()
    sms.refresh_from_db()
    assert (sms.state, sms.attempts) == (OutboxState.DEAD, 3)
    assert delivery.retry_dead(Outbox.objects.all()) == 1
    settings.TOUSU_SMS_PROVIDER = "tousu.notify.adapters.LoggingSmsProvider"
    delivery.deliver_due()
    sms.refresh_from_db()
    assert sms.state == OutboxState.SENT


def test_an_undeliverable_notification_is_recorded_once_and_never_retried(complaint, settings, NOW):
    settings.TOUSU_SMS_PROVIDER = "tests.notify.test_outbox.UnreachableSms"
    with time_machine.travel(NOW, tick=False):
        delivery.deliver_due()
    sms = Outbox.objects.get(medium=Medium.SMS)
    assert (sms.state, sms.undelivered_reason, sms.attempts, sms.sent_at) == (
        OutboxState.UNDELIVERABLE,
        UndeliveredReason.INVALID_RECIPIENT,
        1,
        None,
    )
    assert sms.last_error == "empty number" and sms.lease_until is None
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        assert delivery.deliver_due() == 0
    assert delivery.retry_dead(Outbox.objects.all()) == 0  # not a dead letter either


def test_a_worker_killed_mid_delivery_loses_nothing(complaint, consumer, settings, NOW):
    with time_machine.travel(NOW, tick=False):
        claimed = delivery.claim(limit=10)  # this worker "dies" here, before delivering
        assert claimed and delivery.deliver_due() == 0  # leased rows are not due
    with time_machine.travel(
        NOW + timedelta(seconds=settings.TOUSU_OUTBOX_LEASE_SECONDS + 1), tick=False
    ):
        assert delivery.deliver_due() == len(claimed)
    assert InboxMessage.objects.filter(user=consumer).count() == 1
    assert not Outbox.objects.exclude(state=OutboxState.SENT).exists()


def test_redelivery_after_a_crash_does_not_duplicate_the_inbox_message(complaint, consumer):
    row = Outbox.objects.get(medium=Medium.INBOX)
    from tousu.notify.adapters import deliver

    deliver(row)
    deliver(row)  # the worker died after delivering and before marking it sent
    assert InboxMessage.objects.filter(user=consumer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_the_same_notification(consumer, order, no_filing_limits):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "an in-memory SQLite database is not shared between threads: make test uses a file"
        )
    for n in range(20):
        filing.file_complaint(
            consumer, draft(order.number, description=f"第 {n} 次"), channel=Channel.APP
        )
    total = Outbox.objects.count()
    claimed: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def work(slot: int) -> None:
        start.wait()
        for _ in range(20):
            claimed[slot] += delivery.claim(limit=3)
        connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == total
