"""The structured actions behind part of the money path: the sweep's automatic steps carry the
data the rule implies, and a remedy without money is reported done by the merchant — never while
a refund is unpaid."""

from __future__ import annotations

import pytest

from tests.portal.conftest import client_for
from tests.sla.sla_helpers import at, file_at, step, sweep_at
from tests.steps import take
from tousu.adjudication import fulfilment, negotiation
from tousu.adjudication.models import Answer, ConsumerReply, MerchantResponse
from tousu.adjudication.refunds import send_refunds
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.workflow import Status
from tousu.payments.adapters import Result
from tousu.payments.models import RefundState


def test_merchant_deemed_to_agree_is_recorded_as_an_agreement_by_nobody(consumer, order, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order, demand="refund_only", amount_fen=5000)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10))
    sweep_at(at(2025, 11, 12, 10, 0))  # 48 h later
    response = MerchantResponse.objects.get(complaint=complaint)
    assert (response.answer, response.by, response.amount_fen) == (Answer.AGREE, None, None)
    event = complaint.events.get(transition="merchant_agree")
    assert (
        event.actor is None and event.data["automatic"] is True and event.data["answer"] == "agree"
    )
    # The consumer accepting it is refunded exactly the amount demanded, not the order.
    negotiation.accept_offer(complaint, consumer, channel="web")
    assert [r.amount_fen for r in complaint.refunds.all()] == [5000]


def test_consumer_silent_at_confirmation_is_deemed_to_confirm_without_a_rating(
    consumer, order, agent, merchant_staff
):
    complaint = file_at(consumer, at(2025, 11, 3, 9), order, demand="refund_only", amount_fen=2000)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2025, 11, 3, 11))
    step(complaint, consumer, "accept_offer", at(2025, 11, 3, 12))
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING_CONFIRMATION  # the refund went out at once
    sweep_at(at(2025, 11, 11, 0, 0))
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    event = complaint.events.get(transition="confirm")
    assert event.actor is None and event.data == {"automatic": True}
    assert not hasattr(complaint, "feedback") or complaint.feedback is None


@pytest.fixture
def resend_accepted(complaint, agent, merchant_staff, consumer):
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint, merchant_staff, negotiation.Reply("offer", remedy="resend", reason="补发缺件")
    )
    negotiation.accept_offer(complaint, consumer, channel="web")
    complaint.refresh_from_db()
    assert complaint.status == Status.FULFILMENT and not complaint.refunds.exists()
    return complaint


def test_a_remedy_without_money_is_reported_done_by_the_merchant(resend_accepted, merchant_staff):
    fulfilment.report_done(resend_accepted, merchant_staff, "已补发，顺丰 SF1234567890")
    resend_accepted.refresh_from_db()
    assert resend_accepted.status == Status.WAITING_CONFIRMATION
    event = resend_accepted.events.get(transition="fulfilled")
    assert event.data == {"report": "已补发，顺丰 SF1234567890"}


def test_report_done_needs_what_was_done(resend_accepted, merchant_staff):
    with pytest.raises(ValidationFailed):
        fulfilment.report_done(resend_accepted, merchant_staff, "  ")
    resend_accepted.refresh_from_db()
    assert resend_accepted.status == Status.FULFILMENT


@pytest.mark.parametrize("who", ["consumer", "other_merchant_staff", "outsider"])
def test_only_the_merchant_or_the_platform_reports_done(request, resend_accepted, who):
    with pytest.raises(TransitionNotAllowed):
        fulfilment.report_done(resend_accepted, request.getfixturevalue(who), "已补发")
    resend_accepted.refresh_from_db()
    assert resend_accepted.status == Status.FULFILMENT


def test_report_done_is_refused_while_a_refund_is_unpaid(
    complaint, agent, merchant_staff, consumer, settings
):
    settings.TOUSU_PAYMENT_ADAPTER = "tests.adjudication.test_one_way_in_actions.FailingAdapter"
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=3000, reason="部分退款"),
    )
    negotiation.accept_offer(complaint, consumer, channel="web")
    send_refunds()
    complaint.refresh_from_db()
    assert complaint.status == Status.FULFILMENT
    assert [(r.amount_fen, r.state) for r in complaint.refunds.all()] == [
        (3000, RefundState.FAILED)
    ]
    with pytest.raises(TransitionNotAllowed):
        fulfilment.report_done(complaint, merchant_staff, "已退款")
    complaint.refresh_from_db()
    assert complaint.status == Status.FULFILMENT


def test_merchant_center_reports_done_once_and_shows_no_other_step(resend_accepted, merchant_staff):
    client = client_for(merchant_staff)
    page = f"/merchant/center/c/{resend_accepted.number}/"
    html = client.get(page).content.decode()
    assert html.count(f"/merchant/center/c/{resend_accepted.number}/done/") == 1
    response = client.post(
        f"/merchant/center/c/{resend_accepted.number}/done/", {"report": "已补发 SF1234567890"}
    )
    assert response.status_code == 302
    resend_accepted.refresh_from_db()
    assert resend_accepted.status == Status.WAITING_CONFIRMATION
    assert (
        f"/merchant/center/c/{resend_accepted.number}/done/"
        not in client.get(page).content.decode()
    )


def test_the_consumer_reply_is_recorded_on_the_answer(complaint, agent, merchant_staff, consumer):
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_offer", "部分退款")
    negotiation.reject_offer(complaint, consumer, "不同意", ask_platform=True)
    complaint.refresh_from_db()
    assert complaint.status == Status.INTERVENTION
    assert MerchantResponse.objects.get(complaint=complaint).reply == ConsumerReply.REJECTED


class FailingAdapter:
    """A payment system that refuses every refund (a real adapter's failure answer)."""

    def refund(self, instruction):
        return Result("failed", error="账户异常")
