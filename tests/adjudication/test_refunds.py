"""The refund state machine: the worker sends requested refunds outside any transaction,
retries failures with backoff, asks about pending ones, retakes abandoned ones, and the
complaint is fulfilled only when its last refund is paid."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.steps import take
from tousu.adjudication import negotiation
from tousu.adjudication.refunds import send_refunds
from tousu.complaints.workflow import Status
from tousu.payments import actions as payments
from tousu.payments.adapters import Result
from tousu.payments.models import RefundState

ANSWERS: list[Result] = []


class ScriptedAdapter:
    """A payment system answering from ANSWERS, in order; records what it was asked."""

    asked: list[tuple[str, int]] = []

    def refund(self, instruction):
        self.asked.append(("refund", instruction.pk))
        return ANSWERS.pop(0)

    def status(self, instruction):
        self.asked.append(("status", instruction.pk))
        return ANSWERS.pop(0)


@pytest.fixture
def accepted(complaint, agent, merchant_staff, consumer, settings):
    settings.TOUSU_PAYMENT_ADAPTER = "tests.adjudication.test_refunds.ScriptedAdapter"
    ScriptedAdapter.asked = []
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=3000, reason="部分退款"),
    )
    negotiation.accept_offer(
        complaint, consumer, channel="web"
    )  # no call to the payment system here
    assert ScriptedAdapter.asked == []
    return complaint


def state(complaint):
    complaint.refresh_from_db()
    refund = complaint.refunds.get()
    return complaint.status, refund.state


def test_failure_is_retried_with_backoff_then_paid_and_fulfilled(accepted, settings):
    ANSWERS[:] = [Result("failed", error="超时"), Result("refunded", reference="R1")]
    now = timezone.now()
    assert send_refunds(now=now) == 1
    assert state(accepted) == (Status.FULFILMENT, RefundState.FAILED)
    retry = now + timedelta(seconds=settings.TOUSU_REFUND_RETRY_SECONDS)
    assert send_refunds(now=retry - timedelta(seconds=1)) == 0  # not before the backoff
    with time_machine.travel(retry, tick=False):
        assert send_refunds(now=retry) == 1
    assert state(accepted) == (Status.WAITING_CONFIRMATION, RefundState.REFUNDED)
    assert accepted.events.get(transition="fulfilled").data["references"] == ["R1"]


def test_pending_is_asked_about_until_settled(accepted, settings):
    ANSWERS[:] = [Result("pending", reference="P9"), Result("pending"), Result("refunded")]
    now = timezone.now()
    check = timedelta(minutes=settings.TOUSU_REFUND_STATUS_CHECK_MINUTES)
    send_refunds(now=now)
    assert state(accepted) == (Status.FULFILMENT, RefundState.PENDING)
    send_refunds(now=now + check)
    send_refunds(now=now + 2 * check)
    assert state(accepted) == (Status.WAITING_CONFIRMATION, RefundState.REFUNDED)
    pk = accepted.refunds.get().pk
    assert ScriptedAdapter.asked == [("refund", pk), ("status", pk), ("status", pk)]
    assert accepted.refunds.get().reference == "P9"


def test_gives_up_after_the_last_attempt_and_waits_for_an_agent(accepted, settings):
    settings.TOUSU_REFUND_MAX_ATTEMPTS = 2
    ANSWERS[:] = [Result("failed", error="x"), Result("failed", error="y")]
    now = timezone.now()
    send_refunds(now=now)
    send_refunds(now=now + timedelta(hours=1))
    refund = accepted.refunds.get()
    assert (refund.state, refund.attempts, refund.next_attempt_at, refund.error) == (
        RefundState.FAILED,
        2,
        None,
        "y",
    )
    assert send_refunds(now=now + timedelta(days=30)) == 0


def test_an_adapter_that_raises_counts_as_a_failure(accepted, settings):
    ANSWERS[:] = []  # pop from an empty list: the adapter raises
    send_refunds()
    refund = accepted.refunds.get()
    assert refund.state == RefundState.FAILED and "IndexError" in refund.error


def test_a_claim_abandoned_by_a_dead_worker_is_taken_over_after_the_lease(accepted, settings):
    now = timezone.now()
    (claimed,) = payments.claim(10, now)  # ... and this worker dies before calling out
    assert payments.claim(10, now + timedelta(seconds=1)) == []
    ANSWERS[:] = [Result("refunded")]
    later = now + timedelta(seconds=settings.TOUSU_REFUND_LEASE_SECONDS + 1)
    assert send_refunds(now=later) == 1
    assert state(accepted) == (Status.WAITING_CONFIRMATION, RefundState.REFUNDED)
    # The late first worker's answer is not recorded over the second's.
    assert payments.record(claimed, Result("failed"), later) is None


def test_held_refunds_wait_for_the_goods(complaint, agent, merchant_staff, consumer, settings):
    settings.TOUSU_PAYMENT_ADAPTER = "tests.adjudication.test_refunds.ScriptedAdapter"
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_agree")
    negotiation.accept_offer(complaint, consumer, channel="web")  # return and refund: goods first
    assert state(complaint) == (Status.AWAITING_RETURN, RefundState.HELD)
    assert send_refunds() == 0
