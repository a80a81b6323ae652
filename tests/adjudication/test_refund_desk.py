"""Refunds on the agent's workbench: each refund's state, tries, last error and next try; an
agent sends a failed refund again ("retry now", staff only, on the timeline), and the worker —
never the request — calls the payment system. Pending refunds are asked about by the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.adjudication.test_refunds import ANSWERS, ScriptedAdapter, accepted  # noqa: F401
from tests.conftest import draft
from tests.portal.conftest import client_for
from tousu.adjudication import refunds
from tousu.adjudication.refunds import send_refunds
from tousu.complaints import actions, filing
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.workflow import Status
from tousu.payments.adapters import Result
from tousu.payments.models import RefundState


@pytest.fixture
def gave_up(accepted, settings):  # noqa: F811
    """The payment system refused twice; the refund waits for an agent."""
    settings.TOUSU_REFUND_MAX_ATTEMPTS = 2
    ANSWERS[:] = [Result("failed", error="余额不足"), Result("failed", error="商户号已冻结")]
    now = timezone.now()
    send_refunds(now=now)
    send_refunds(now=now + timedelta(hours=1))
    refund = accepted.refunds.get()
    assert (refund.state, refund.next_attempt_at) == (RefundState.FAILED, None)
    return accepted


def workbench(user, complaint):
    return client_for(user).get(f"/desk/c/{complaint.number}/").content.decode()


def retry_url(complaint):
    return f"/desk/c/{complaint.number}/refunds/{complaint.refunds.get().pk}/retry/"


def test_the_workbench_shows_each_refund_with_its_tries_and_last_error(gave_up, agent):
    html = workbench(agent, gave_up)
    assert "¥30.00" in html and "Failed" in html and "2 tries" in html
    assert "商户号已冻结" in html and "No more automatic tries" in html
    assert retry_url(gave_up) in html


def test_a_refund_waiting_for_its_backoff_shows_the_next_try(accepted, agent):  # noqa: F811
    ANSWERS[:] = [Result("failed", error="超时")]
    send_refunds()
    html = workbench(agent, accepted)
    assert "1 try" in html and "超时" in html and "Next try" in html


def test_an_agent_sends_a_failed_refund_again_and_the_worker_pays_it(gave_up, agent, consumer):
    asked = len(ScriptedAdapter.asked)
    response = client_for(agent).post(retry_url(gave_up))
    assert response.status_code == 302
    assert len(ScriptedAdapter.asked) == asked  # the request never calls the payment system
    refund = gave_up.refunds.get()
    assert refund.state == RefundState.FAILED and refund.next_attempt_at <= timezone.now()
    note = gave_up.events.get(kind="note")
    assert note.internal and note.actor == agent
    assert note.data == {
        "refund": {"retry": refund.pk, "amount_fen": 3000, "attempts": 2, "error": "商户号已冻结"}
    }
    assert "sent to the payment system again now (2 tries so far)" in workbench(agent, gave_up)
    assert (
        "again now"
        not in client_for(consumer).get(f"/complaints/{gave_up.number}/").content.decode()
    )  # staff only
    ANSWERS[:] = [Result("refunded", reference="R-RETRY")]
    assert send_refunds() == 1
    gave_up.refresh_from_db()
    assert gave_up.status == Status.WAITING_CONFIRMATION
    assert gave_up.refunds.get().state == RefundState.REFUNDED


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_consumers_and_merchants_cannot_retry(request, gave_up, who):
    user = request.getfixturevalue(who)
    before = gave_up.events.count()
    assert client_for(user).post(retry_url(gave_up)).status_code == 404
    with pytest.raises(TransitionNotAllowed):
        refunds.retry_now(gave_up, user, gave_up.refunds.get().pk)
    refund = gave_up.refunds.get()
    assert refund.next_attempt_at is None and gave_up.events.count() == before


def test_only_a_failed_refund_is_sent_again(accepted, agent):  # noqa: F811
    ANSWERS[:] = [Result("refunded", reference="R1")]
    send_refunds()
    before = accepted.events.count()
    response = client_for(agent).post(retry_url(accepted))
    assert response.status_code == 409
    assert "Only a failed refund can be sent again" in response.content.decode()
    assert accepted.events.count() == before
    assert accepted.refunds.get().state == RefundState.REFUNDED


def test_a_refund_of_another_complaint_is_not_found_here(gave_up, agent, consumer, order):
    other, _ = filing.file_complaint(consumer, draft(order.number), channel="web")
    with pytest.raises(TransitionNotAllowed):
        refunds.retry_now(other, agent, gave_up.refunds.get().pk)
    assert gave_up.refunds.get().next_attempt_at is None


def test_the_worker_asks_about_a_pending_refund_until_it_is_settled(accepted, settings):  # noqa: F811
    """The status-check sweep: a refund the payment system answered "pending" is asked about
    every TOUSU_REFUND_STATUS_CHECK_MINUTES by ``tousu worker``, never left pending silently."""
    ANSWERS[:] = [Result("pending", reference="P1")]
    call_command("worker", "--once")
    refund = accepted.refunds.get()
    assert refund.state == RefundState.PENDING
    check = refund.next_attempt_at
    assert check == refund.sent_at + timedelta(minutes=settings.TOUSU_REFUND_STATUS_CHECK_MINUTES)
    ANSWERS[:] = [Result("refunded", reference="P1")]
    with time_machine.travel(check, tick=False):
        call_command("worker", "--once")
    assert accepted.refunds.get().state == RefundState.REFUNDED
    assert ScriptedAdapter.asked[-1] == ("status", refund.pk)
