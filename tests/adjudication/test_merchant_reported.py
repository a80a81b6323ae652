"""Refunds paid by the merchant outside the platform (TOUSU_REFUND_MODE = "merchant_reported"):
the merchant reports the refund paid (one action, from the merchant center), the consumer
confirms it arrived or says it did not (then customer service settles it), a silent consumer's
window ends in the refund taken as received through the same action; the last refund
confirmed fulfils the complaint as the payment system's would. The payment system is never asked."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from tests.adjudication.test_refunds import ScriptedAdapter
from tests.portal.conftest import client_for
from tests.sla.sla_helpers import at, file_at, live, step, sweep_at
from tests.steps import take
from tousu.adjudication import decisions, fulfilment, negotiation, reported
from tousu.adjudication.refunds import send_refunds
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.workflow import Status
from tousu.notify.models import Outbox
from tousu.payments.models import PaidBy, RefundState

R = RefundState


@pytest.fixture
def merchant_mode(settings):
    settings.TOUSU_REFUND_MODE = "merchant_reported"
    settings.TOUSU_PAYMENT_ADAPTER = "tests.adjudication.test_refunds.ScriptedAdapter"
    ScriptedAdapter.asked = []


@pytest.fixture
def owed(merchant_mode, complaint, agent, merchant_staff, consumer):
    """The consumer accepted the merchant's offer of a ¥30 refund: the merchant owes it."""
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=3000, reason="部分退款"),
    )
    negotiation.accept_offer(complaint, consumer, channel="web")
    return complaint


def state(complaint):
    complaint.refresh_from_db()
    return complaint.status, [r.state for r in complaint.refunds.all()]


def report(complaint, merchant_staff, reference="ZFB2026120100001", amount_fen=3000):
    return reported.report_paid(
        complaint, merchant_staff, reference=reference, amount_fen=amount_fen
    )


def test_the_merchant_owes_it_and_the_worker_never_sends_it(owed, merchant_staff):
    refund = owed.refunds.get()
    assert (refund.paid_by, refund.state, refund.next_attempt_at) == (
        PaidBy.MERCHANT,
        R.REQUESTED,
        None,
    )
    assert send_refunds() == 0 and ScriptedAdapter.asked == []
    page = client_for(merchant_staff).get(f"/merchant/center/c/{owed.number}/")
    assert "You owe the consumer ¥30.00" in page.content.decode()


def test_reported_then_confirmed_by_the_consumer_fulfils_the_complaint(
    owed, merchant_staff, consumer
):
    response = client_for(merchant_staff).post(
        f"/merchant/center/c/{owed.number}/refund/",
        {"amount": "30.00", "reference": " ZFB2026120100001 "},
    )
    assert response.status_code == 302
    assert state(owed) == (Status.REFUND_REPORTED, [R.REPORTED])
    refund = owed.refunds.get()
    assert refund.reference == "ZFB2026120100001" and refund.sent_at is not None
    event = owed.events.get(transition="report_refund")
    assert event.actor == merchant_staff
    assert event.data == {"refund_fen": 3000, "reference": "ZFB2026120100001"}
    told = Outbox.objects.filter(recipient=consumer, topic="refund_reported")
    assert sorted(told.values_list("medium", flat=True)) == ["inbox", "sms"]
    assert told.first().context["within"] == "7cd"
    assert live(owed, "refund_confirmation").due_at is not None
    page = client_for(consumer).get(f"/complaints/{owed.number}/").content.decode()
    assert "Did the refund arrive?" in page and "ZFB2026120100001" in page
    answer = client_for(consumer).post(f"/complaints/{owed.number}/refund/", {"choice": "received"})
    assert answer.status_code == 302
    assert state(owed) == (Status.WAITING_CONFIRMATION, [R.REFUNDED])
    received = owed.events.get(transition="refund_received")
    assert received.actor == consumer and received.data["automatic"] is False
    fulfilled = owed.events.get(transition="fulfilled")  # as the payment system's path does
    assert fulfilled.actor is None
    assert fulfilled.data == {"refund_fen": 3000, "references": ["ZFB2026120100001"]}
    assert ScriptedAdapter.asked == []


def test_a_silent_consumer_is_taken_to_have_received_it_through_the_same_action(
    merchant_mode, consumer, order, agent, merchant_staff
):
    complaint = file_at(consumer, at(2026, 3, 2, 9), order, demand="refund_only", amount_fen=2000)
    step(complaint, agent, "forward_to_merchant", at(2026, 3, 2, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2026, 3, 2, 11))
    step(complaint, consumer, "accept_offer", at(2026, 3, 2, 12))
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        report(complaint, merchant_staff, amount_fen=2000)
    due = live(complaint, "refund_confirmation").due_at
    assert due == at(2026, 3, 11, 0, 0)  # 7 calendar days from the day after, to 24:00
    sweep_at(due - timedelta(minutes=1))
    assert state(complaint) == (Status.REFUND_REPORTED, [R.REPORTED])
    sweep_at(due)
    assert state(complaint) == (Status.WAITING_CONFIRMATION, [R.REFUNDED])
    received = complaint.events.get(transition="refund_received")
    assert received.actor is None and received.data["automatic"] is True
    assert complaint.deadlines.get(clock="refund_confirmation").outcome == "confirm_refund"


def test_not_received_goes_to_customer_service_who_settle_it_as_owed_again(
    owed, merchant_staff, consumer, agent
):
    report(owed, merchant_staff)
    missing = client_for(consumer).post(
        f"/complaints/{owed.number}/refund/", {"choice": "not_received", "reason": ""}
    )
    assert missing.status_code == 302 and state(owed) == (Status.REFUND_REPORTED, [R.REPORTED])
    client_for(consumer).post(
        f"/complaints/{owed.number}/refund/",
        {"choice": "not_received", "reason": "支付宝里没有这笔转账"},
    )
    assert state(owed) == (Status.INTERVENTION, [R.DISPUTED])
    assert owed.events.get(transition="dispute_refund").body == "支付宝里没有这笔转账"
    assert Outbox.objects.filter(recipient=merchant_staff, topic="refund_disputed").exists()
    # No new decision while the refund is disputed: it would be owed twice.
    with pytest.raises(TransitionNotAllowed):
        decisions.decide(owed, agent, decisions.Ruling(outcome="full", grounds="x", refund_fen=1))
    page = client_for(agent).get(f"/desk/c/{owed.number}/intervention/").content.decode()
    assert "Settle the disputed refund" in page and "Record the decision" not in page
    workbench = client_for(agent).get(f"/desk/c/{owed.number}/").content.decode()
    assert "customer service is checking" in workbench and "#settle" in workbench
    settle = client_for(agent).post(
        f"/desk/c/{owed.number}/intervention/refund/",
        {"paid": "no", "note": "商家未能提供转账凭证"},
    )
    assert settle.status_code == 302
    assert state(owed) == (Status.FULFILMENT, [R.REQUESTED])
    assert owed.refunds.get().reference == ""
    assert Outbox.objects.filter(recipient=merchant_staff, topic="refund_settled").exists()
    report(owed, merchant_staff, reference="BANK-0002")  # paid for real this time
    reported.confirm_received(owed, consumer, channel="web")
    assert state(owed) == (Status.WAITING_CONFIRMATION, [R.REFUNDED])
    assert owed.events.get(transition="fulfilled").data["references"] == ["BANK-0002"]


def test_customer_service_may_find_a_disputed_refund_paid(owed, merchant_staff, consumer, agent):
    report(owed, merchant_staff)
    reported.dispute(owed, consumer, "没收到")
    with pytest.raises(ValidationFailed):  # the parties see why
        reported.settle(owed, agent, paid=True, note=" ")
    reported.settle(owed, agent, paid=True, note="商家提供了银行回单")
    assert state(owed) == (Status.WAITING_CONFIRMATION, [R.REFUNDED])


def test_the_amount_must_be_what_is_owed_and_the_reference_given(owed, merchant_staff):
    with pytest.raises(ValidationFailed) as wrong:
        report(owed, merchant_staff, amount_fen=2999)
    assert "You owe ¥30.00" in wrong.value.errors["amount"]
    with pytest.raises(ValidationFailed) as blank:
        report(owed, merchant_staff, reference="  ")
    assert set(blank.value.errors) == {"reference"}
    with pytest.raises(ValidationFailed):
        report(owed, merchant_staff, reference="x" * 101)
    page = client_for(merchant_staff).post(
        f"/merchant/center/c/{owed.number}/refund/", {"amount": "abc", "reference": "R1"}
    )
    assert page.status_code == 302
    follow = client_for(merchant_staff).get(f"/merchant/center/c/{owed.number}/")
    assert state(owed) == (Status.FULFILMENT, [R.REQUESTED]) and follow.status_code == 200
    assert not owed.events.filter(transition="report_refund").exists()


@pytest.mark.parametrize("who", ["consumer", "agent", "other_merchant_staff", "outsider"])
def test_only_the_shops_staff_report_it(request, owed, who):
    user = request.getfixturevalue(who)
    with pytest.raises(TransitionNotAllowed):
        report(owed, user)
    assert state(owed) == (Status.FULFILMENT, [R.REQUESTED])


@pytest.mark.parametrize("who", ["merchant_staff", "agent", "outsider"])
def test_only_the_consumer_confirms_or_disputes_it(request, owed, merchant_staff, who):
    report(owed, merchant_staff)
    user = request.getfixturevalue(who)
    with pytest.raises(TransitionNotAllowed):
        reported.confirm_received(owed, user, channel="web")
    with pytest.raises(TransitionNotAllowed):
        reported.dispute(owed, user, "没收到")
    assert state(owed) == (Status.REFUND_REPORTED, [R.REPORTED])


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_only_customer_service_settle_a_dispute(request, owed, merchant_staff, consumer, who):
    report(owed, merchant_staff)
    reported.dispute(owed, consumer, "没收到")
    with pytest.raises(TransitionNotAllowed):
        reported.settle(owed, request.getfixturevalue(who), paid=True, note="已付")
    assert state(owed) == (Status.INTERVENTION, [R.DISPUTED])


def test_goods_first_then_the_merchant_pays_within_its_refund_clock(
    merchant_mode, complaint, agent, merchant_staff, consumer
):
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_agree")
    negotiation.accept_offer(complaint, consumer, channel="web")  # return and refund
    assert state(complaint) == (Status.AWAITING_RETURN, [R.HELD])
    fulfilment.ship_return(complaint, consumer, carrier="顺丰速运", tracking_number="SF1234567890")
    fulfilment.confirm_receipt(complaint, merchant_staff, channel="web")
    assert state(complaint) == (Status.FULFILMENT, [R.REQUESTED])
    assert live(complaint, "merchant_refund").due_at is not None
    report(complaint, merchant_staff, amount_fen=29900)
    assert complaint.deadlines.get(clock="merchant_refund").state == "met"


def test_in_platform_mode_there_is_nothing_for_the_merchant_to_report(
    complaint, agent, merchant_staff, consumer
):
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=3000, reason="部分退款"),
    )
    negotiation.accept_offer(complaint, consumer, channel="web")
    assert complaint.refunds.get().paid_by == PaidBy.PLATFORM
    with pytest.raises(TransitionNotAllowed):
        report(complaint, merchant_staff)
    assert not complaint.events.filter(transition="report_refund").exists()


def test_a_refund_keeps_the_mode_it_was_made_in(owed, settings):
    settings.TOUSU_REFUND_MODE = "platform"  # switched while the merchant owes it
    assert send_refunds() == 0 and ScriptedAdapter.asked == []
    assert owed.refunds.get().paid_by == PaidBy.MERCHANT


def test_the_pages_speak_chinese(owed, merchant_staff, consumer, agent, chinese_default):
    merchant_page = client_for(merchant_staff).get(f"/merchant/center/c/{owed.number}/")
    assert "您应退还消费者 ¥30.00" in merchant_page.content.decode()
    report(owed, merchant_staff)
    consumer_page = client_for(consumer).get(f"/complaints/{owed.number}/").content.decode()
    assert "退款到账了吗？" in consumer_page and "商家已报告退款" in consumer_page
    reported.dispute(owed, consumer, "没收到")
    intervention = client_for(agent).get(f"/desk/c/{owed.number}/intervention/")
    assert "处理有争议的退款" in intervention.content.decode()
    assert "消费者称未到账" in client_for(agent).get(f"/desk/c/{owed.number}/").content.decode()
