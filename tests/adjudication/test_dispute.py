"""The whole dispute: filing → merchant rejects → intervention → evidence request →
decision → return → refund → rating; and the paths around it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import draft, photo
from tousu.adjudication import decisions, feedback, fulfilment, negotiation
from tousu.adjudication.decisions import Ruling
from tousu.adjudication.models import Decision, Feedback, MerchantResponse, ReturnShipment
from tousu.adjudication.negotiation import Reply
from tousu.adjudication.refunds import send_refunds
from tousu.complaints import actions, filing, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.notify.models import Outbox
from tousu.payments.models import RefundInstruction
from tousu.sla.models import Clock, Deadline
from tousu.sla.sweep import sweep


def status(complaint):
    return Complaint.objects.get(pk=complaint.pk).status


def steps(complaint):
    return list(complaint.events.exclude(transition="").values_list("transition", flat=True))


def topics(user):
    return set(Outbox.objects.filter(recipient=user).values_list("topic", flat=True))


def live(complaint, clock):
    return Deadline.objects.get(complaint=complaint, clock=clock, ended_at__isnull=True)


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


def test_the_whole_dispute(waiting, consumer, merchant_staff, agent):
    # The merchant rejects with a reason and its evidence.
    uploads.add_evidence(
        waiting, merchant_staff, photo("发货视频截图.png", (1, 2, 3)), channel=Channel.WEB
    )
    negotiation.respond(waiting, merchant_staff, Reply("reject", reason="发货前已检测，功能正常。"))
    assert status(waiting) == "merchant_rejected"
    assert live(waiting, Clock.INTERVENTION_WINDOW).due_at
    # The consumer asks the platform to intervene.
    negotiation.reject_offer(waiting, consumer, "左耳确实没有声音，请平台介入。", ask_platform=True)
    assert status(waiting) == "intervention"
    assert MerchantResponse.objects.get(complaint=waiting).reply == "rejected"
    assert "intervention_requested" in topics(merchant_staff)
    # The agent asks the merchant for more evidence, with the SLA evidence deadline.
    decisions.request_evidence(waiting, agent, "merchant", "请提供出库检测记录。")
    assert status(waiting) == "waiting_evidence" and live(waiting, Clock.EVIDENCE).due_at
    assert "evidence_requested" in topics(merchant_staff) and "evidence_requested" not in topics(
        consumer
    )
    # The merchant's evidence answers the request: the case is back with the platform.
    uploads.add_evidence(
        waiting, merchant_staff, photo("检测记录.png", (9, 9, 9)), channel=Channel.WEB
    )
    assert status(waiting) == "intervention"
    # The decision: full refund, goods back at the merchant's cost, a warning.
    decision = decisions.decide(
        waiting,
        agent,
        Ruling(
            outcome="full",
            grounds="耳机存在质量问题，支持退货退款。",
            refund_fen=29_900,
            return_required=True,
            shipping_paid_by="merchant",
            penalty="warning",
        ),
    )
    assert status(waiting) == "awaiting_return"
    assert steps(waiting)[-3:] == ["decide", "start_fulfilment", "await_return"]
    assert "decided" in topics(consumer) and "decided" in topics(merchant_staff)
    refund = RefundInstruction.objects.get(complaint=waiting)
    assert (
        refund.state == "held"
        and refund.amount_fen == 29_900
        and refund.source == f"decision:{decision.pk}"
    )
    shipment = ReturnShipment.objects.get(complaint=waiting)
    assert (
        shipment.address == "上海市浦东新区张江路 88 号" and shipment.shipping_paid_by == "merchant"
    )
    assert live(waiting, Clock.RETURN_SHIPMENT).due_at
    # The consumer ships the goods back with a tracking number.
    fulfilment.ship_return(waiting, consumer, carrier="顺丰", tracking_number="sf1234567890")
    assert status(waiting) == "return_shipped" and "return_shipped" in topics(merchant_staff)
    assert live(waiting, Clock.RETURN_RECEIPT).due_at
    # The merchant confirms receipt; the refund goes out through the demo adapter.
    fulfilment.confirm_receipt(waiting, merchant_staff, channel=Channel.WEB)
    refund.refresh_from_db()
    assert refund.state == "requested" and status(waiting) == "fulfilment"  # the worker sends it
    assert send_refunds() == 1
    refund.refresh_from_db()
    assert refund.state == "refunded" and refund.reference.startswith("DEMO-")
    assert status(waiting) == "waiting_confirmation"
    # The consumer rates and accepts: closed.
    feedback.give(
        waiting, consumer, attitude=4, speed=3, overall=4, comment="退款到账了。", accepted=True
    )
    assert status(waiting) == "closed"
    assert Feedback.objects.get(complaint=waiting).overall == 4
    assert steps(waiting)[-4:] == ["return_shipped", "confirm_return", "fulfilled", "confirm"]


def test_decision_needs_grounds_and_consistent_amounts(waiting, agent, consumer, merchant_staff):
    negotiation.respond(waiting, merchant_staff, Reply("reject", reason="不支持"))
    negotiation.reject_offer(waiting, consumer, "不同意", ask_platform=True)
    bad = [
        Ruling(outcome="full", grounds=""),
        Ruling(outcome="full", grounds="x"),  # nothing for the consumer
        Ruling(outcome="rejected", grounds="x", refund_fen=100),
        Ruling(outcome="full", grounds="x", refund_fen=30_000),  # more than paid
        Ruling(outcome="full", grounds="x", compensation_fen=50_000),  # no basis
        Ruling(
            outcome="full", grounds="x", refund_fen=100, return_required=True
        ),  # no shipping payer
        Ruling(outcome="full", grounds="x", refund_fen=100, penalty="deposit"),  # no amount
        Ruling(outcome="full", grounds="x", refund_fen=100, penalty="warning", penalty_fen=100),
    ]
    for ruling in bad:
        with pytest.raises(ValidationFailed):
            decisions.decide(waiting, agent, ruling)
    assert status(waiting) == "intervention" and not Decision.objects.exists()
    with pytest.raises(TransitionNotAllowed):
        decisions.decide(waiting, merchant_staff, Ruling(outcome="rejected", grounds="x"))


def test_decide_is_not_a_plain_step(waiting, agent, consumer, merchant_staff):
    negotiation.respond(waiting, merchant_staff, Reply("reject", reason="不支持"))
    negotiation.reject_offer(waiting, consumer, "不同意", ask_platform=True)
    with pytest.raises(TransitionNotAllowed):
        actions.transition(waiting, agent, "decide", channel=Channel.DESK, note="x")


def test_rejected_decision_then_consumer_does_not_accept(waiting, agent, consumer, merchant_staff):
    negotiation.respond(waiting, merchant_staff, Reply("reject", reason="已超过七天"))
    negotiation.reject_offer(waiting, consumer, "不同意", ask_platform=True)
    decisions.decide(
        waiting, agent, Ruling(outcome="rejected", grounds="商品有明显使用痕迹，不支持。")
    )
    assert status(waiting) == "waiting_confirmation" and not RefundInstruction.objects.exists()
    feedback.give(
        waiting, consumer, attitude=2, speed=3, overall=1, comment="不认可", accepted=False
    )
    assert status(waiting) == "closed" and steps(waiting)[-1] == "decline_outcome"
    assert not Feedback.objects.get(complaint=waiting).accepted
    assert "outcome_not_accepted" in topics(consumer)
    with pytest.raises(TransitionNotAllowed):  # once
        feedback.give(waiting, consumer, attitude=2, speed=3, overall=1, accepted=False)


def test_partial_refund_offer_accepted_refunds_at_once(waiting, consumer, merchant_staff):
    negotiation.respond(
        waiting,
        merchant_staff,
        Reply("offer", remedy="partial_refund", amount_fen=3_000, reason="给您补偿 30 元"),
    )
    assert status(waiting) == "merchant_offered"
    negotiation.accept_offer(waiting, consumer, channel=Channel.WEB)
    assert RefundInstruction.objects.get(complaint=waiting).state == "requested"
    send_refunds()
    assert RefundInstruction.objects.get(complaint=waiting).state == "refunded"
    assert status(waiting) == "waiting_confirmation" and "offer_accepted" in topics(merchant_staff)


def test_offer_validation(waiting, merchant_staff):
    for reply in [
        Reply("offer"),
        Reply("offer", remedy="partial_refund"),
        Reply("offer", remedy="partial_refund", amount_fen=99_999),
        Reply("reject"),
    ]:
        with pytest.raises(ValidationFailed):
            negotiation.respond(waiting, merchant_staff, reply)
    assert status(waiting) == "waiting_merchant"


def test_other_shop_cannot_respond(waiting, other_merchant_staff):
    with pytest.raises(TransitionNotAllowed):
        negotiation.respond(waiting, other_merchant_staff, Reply("agree"))


def test_agreement_accepted_asks_for_the_goods_back(waiting, consumer, merchant_staff):
    negotiation.respond(waiting, merchant_staff, Reply("agree"))
    negotiation.accept_offer(waiting, consumer, channel=Channel.WEB)
    assert status(waiting) == "awaiting_return"
    assert RefundInstruction.objects.get(complaint=waiting).state == "held"
    with pytest.raises(ValidationFailed):
        fulfilment.ship_return(waiting, consumer, carrier="", tracking_number="!!")


def test_consumer_silent_after_offer_accepts_through_the_sweep(waiting, merchant_staff):
    negotiation.respond(
        waiting, merchant_staff, Reply("offer", remedy="resend", reason="补寄一副耳塞")
    )
    # The default policy lapses the window; an accept_offer rule would start fulfilment instead.
    from tousu.sla.models import ClockRule

    for rule in ClockRule.objects.filter(clock=Clock.INTERVENTION_WINDOW):
        rule.breach_action = "accept_offer"
        rule.save()  # as the admin saves it: the processes' SLA configuration is read again
    actions.set_priority(waiting, None, 3)  # recompute the deadlines with the changed rule
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        sweep()
    assert status(waiting) == "fulfilment" and steps(waiting)[-1] == "accept_offer"


def test_return_not_confirmed_in_ten_days_is_confirmed_and_refunded(  # whole days, Asia/Shanghai
    waiting, consumer, merchant_staff
):
    negotiation.respond(waiting, merchant_staff, Reply("agree"))
    negotiation.accept_offer(waiting, consumer, channel=Channel.WEB)
    fulfilment.ship_return(waiting, consumer, carrier="中通", tracking_number="ZT99887766")
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        sweep()
        send_refunds()
    assert status(waiting) == "waiting_confirmation"
    shipment = ReturnShipment.objects.get(complaint=waiting)
    assert shipment.received_at and shipment.received_by is None
    assert RefundInstruction.objects.get(complaint=waiting).state == "refunded"


def test_return_not_shipped_in_seven_days_lapses(waiting, consumer, merchant_staff):
    negotiation.respond(waiting, merchant_staff, Reply("agree"))
    negotiation.accept_offer(waiting, consumer, channel=Channel.WEB)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        sweep()
    assert status(waiting) == "closed" and steps(waiting)[-1] == "lapse"


def test_merchant_changes_the_return_address(
    waiting, consumer, merchant_staff, other_merchant_staff
):
    negotiation.respond(waiting, merchant_staff, Reply("agree"))
    negotiation.accept_offer(waiting, consumer, channel=Channel.WEB)
    fulfilment.set_return_address(waiting, merchant_staff, "上海市闵行区退货仓 1 号")
    assert ReturnShipment.objects.get(complaint=waiting).address == "上海市闵行区退货仓 1 号"
    with pytest.raises(TransitionNotAllowed):
        fulfilment.set_return_address(waiting, other_merchant_staff, "别处")


def test_fraud_decision_with_compensation(consumer, order, agent):
    filed, _ = filing.file_complaint(
        consumer,
        draft(order.number, category="counterfeit", demand="compensation", amount_fen=89_700),
        channel=Channel.WEB,
    )
    actions.transition(filed, agent, "intervene", channel=Channel.DESK)
    decisions.decide(
        filed,
        agent,
        Ruling(
            outcome="full",
            grounds="售假",
            refund_fen=29_900,
            compensation_fen=89_700,
            compensation_basis="消费者权益保护法第五十五条",
            return_required=False,
            penalty="deposit",
            penalty_fen=100_000,
        ),
    )
    assert sorted(
        RefundInstruction.objects.filter(complaint=filed).values_list("amount_fen", flat=True)
    ) == [29_900, 89_700]
    assert status(filed) == "fulfilment"
    send_refunds()
    assert status(filed) == "waiting_confirmation"
