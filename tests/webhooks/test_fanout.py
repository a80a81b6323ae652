"""Events become changes and deliveries in the transaction of the action that caused them,
for the subscriptions that asked for them and whose owners may see the complaint."""

from __future__ import annotations

from tests.conftest import draft
from tests.sla.sla_helpers import at, file_at, sweep_at
from tests.steps import take
from tests.webhooks.conftest import deliveries, message, rolled_back, subscribe
from tousu.complaints import actions as complaint_actions
from tousu.complaints import filing
from tousu.complaints.choices import Channel
from tousu.complaints.events import publish
from tousu.payments import actions as payments
from tousu.sla.events import ReminderDue, WindowClosing
from tousu.webhooks.models import Change, Delivery, EventType

E = EventType
HOOK = "http://127.0.0.1:9/hook"


def types(complaint) -> list[str]:
    return list(
        Change.objects.filter(complaint=complaint)
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def test_filing_publishes_filed_and_the_acknowledgement(
    loopback_allowed, consumer, order, merchant_staff
):
    subscription, _ = subscribe(merchant_staff, HOOK, E.COMPLAINT_FILED)
    complaint, _ = filing.file_complaint(consumer, draft(order.number), channel="web")
    assert types(complaint) == [E.COMPLAINT_FILED, E.STATUS_CHANGED]
    filed = Change.objects.get(complaint=complaint, event_type=E.COMPLAINT_FILED)
    assert filed.payload["version"] == 1
    assert filed.payload["complaint"]["number"] == complaint.number
    assert filed.payload["complaint"]["merchant"]["external_id"] == "M1"
    assert filed.payload["data"] == {"description": "耳机左耳没有声音。"}
    assert "alice" not in str(filed.payload) and "13812341234" not in str(filed.payload)
    # Only the type it asked for.
    assert [d.change.event_type for d in deliveries(subscription)] == [E.COMPLAINT_FILED]


def test_a_rolled_back_action_leaves_no_change_and_no_delivery(
    loopback_allowed, complaint, merchant_staff
):
    subscription, _ = subscribe(merchant_staff, HOOK, E.MESSAGE_ADDED)
    before = Change.objects.count()
    rolled_back(lambda: message(complaint, complaint.consumer))
    assert Change.objects.count() == before and deliveries(subscription) == []
    message(complaint, complaint.consumer)
    assert len(deliveries(subscription)) == 1  # the same action, committed


def test_internal_notes_are_never_published(loopback_allowed, complaint, agent):
    subscription, _ = subscribe(agent, HOOK)
    complaint_actions.post_message(complaint, agent, "内部备注", channel="desk", internal=True)
    assert E.MESSAGE_ADDED not in types(complaint) and deliveries(subscription) == []
    message(complaint, agent, "您好，我们已收到。")
    change = Change.objects.get(complaint=complaint, event_type=E.MESSAGE_ADDED)
    assert change.payload["data"]["author_role"] == "agent"
    assert change.payload["data"]["body"] == "您好，我们已收到。"


def test_only_owners_who_may_see_the_complaint_get_deliveries(
    loopback_allowed, complaint, merchant_staff, other_merchant_staff, agent, shop, other_shop
):
    mine, _ = subscribe(merchant_staff, HOOK, E.MESSAGE_ADDED)
    rival, _ = subscribe(other_merchant_staff, HOOK, E.MESSAGE_ADDED)
    staff_all, _ = subscribe(agent, HOOK, E.MESSAGE_ADDED)
    staff_other, _ = subscribe(agent, HOOK, E.MESSAGE_ADDED, shop=other_shop.external_id)
    message(complaint, complaint.consumer)
    assert [len(deliveries(s)) for s in (mine, rival, staff_all, staff_other)] == [1, 0, 1, 0]
    # Removed from the shop, or deactivated: nothing more is queued.
    shop.staff.remove(merchant_staff)
    agent.is_active = False
    agent.save()
    message(complaint, complaint.consumer, "还在等。")
    assert [len(deliveries(s)) for s in (mine, staff_all)] == [1, 1]


def test_a_decision_is_a_status_change_and_a_decision(
    loopback_allowed, complaint, agent, merchant_staff, consumer
):
    subscription, _ = subscribe(merchant_staff, HOOK, E.DECISION_MADE, E.REFUND_STATE_CHANGED)
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_reject", "不同意")
    take(complaint, consumer, "request_intervention", "商家拒绝")
    take(complaint, agent, "decide", "支持退款")  # full refund, then the worker pays it
    decided = Change.objects.get(complaint=complaint, event_type=E.DECISION_MADE)
    assert decided.payload["data"]["outcome"] == "full"
    assert decided.payload["data"]["grounds"] == "支持退款"
    assert decided.payload["data"]["refund_fen"] == 29900
    assert decided.payload["complaint"]["status"] == "decided"
    status = Change.objects.filter(complaint=complaint, event_type=E.STATUS_CHANGED)
    assert "decide" in [c.payload["data"]["transition"] for c in status]
    refunds = [
        c.payload["data"]["refund"]
        for c in Change.objects.filter(complaint=complaint, event_type=E.REFUND_STATE_CHANGED)
    ]
    assert [(r["previous_state"], r["state"]) for r in refunds] == [
        (None, "requested"),
        ("requested", "refunded"),
    ]
    assert [d.change.event_type for d in deliveries(subscription)] == [
        E.DECISION_MADE,
        E.REFUND_STATE_CHANGED,
        E.REFUND_STATE_CHANGED,
    ]


def test_held_refunds_released_and_rolled_back_refunds(loopback_allowed, complaint, agent):
    subscription, _ = subscribe(agent, HOOK, E.REFUND_STATE_CHANGED)
    rolled_back(lambda: payments.create(complaint, 1000, "decision:0", held=True))
    assert deliveries(subscription) == []
    held = payments.create(complaint, 1000, "decision:0", held=True)
    assert payments.release(complaint) == 1
    states = [
        (c.payload["data"]["refund"]["previous_state"], c.payload["data"]["refund"]["state"])
        for c in Change.objects.filter(event_type=E.REFUND_STATE_CHANGED).order_by("id")
    ]
    assert states == [(None, "held"), ("held", "requested")]
    refunds = Change.objects.filter(event_type=E.REFUND_STATE_CHANGED)
    assert {c.payload["data"]["refund"]["id"] for c in refunds} == {held.pk}
    assert len(deliveries(subscription)) == 2


def test_deadlines_approaching_and_missed(loopback_allowed, consumer, order, agent):
    subscription, _ = subscribe(agent, HOOK, E.DEADLINE_APPROACHING, E.DEADLINE_MISSED)
    complaint = file_at(consumer, at(2026, 3, 2, 10), order)
    deadline = complaint.deadlines.first()
    publish(ReminderDue(deadline))
    publish(WindowClosing(deadline))
    reasons = [
        c.payload["data"]["reason"]
        for c in Change.objects.filter(complaint=complaint, event_type=E.DEADLINE_APPROACHING)
    ]
    assert reasons == ["reminder", "consumer_window"]
    sweep_at(at(2026, 6, 1, 10))  # long past every clock
    missed = Change.objects.filter(complaint=complaint, event_type=E.DEADLINE_MISSED)
    assert missed.exists()
    assert {c.payload["data"]["deadline"]["clock"] for c in missed} <= {
        d.clock for d in complaint.deadlines.all()
    }
    assert all(c.payload["data"]["deadline"]["breached_at"] for c in missed)
    published = Change.objects.filter(
        complaint=complaint, event_type__in=[E.DEADLINE_APPROACHING, E.DEADLINE_MISSED]
    )
    assert Delivery.objects.filter(subscription=subscription).count() == published.count()


def test_a_disabled_subscription_gets_nothing_queued(loopback_allowed, complaint, agent):
    subscription, _ = subscribe(agent, HOOK, E.MESSAGE_ADDED)
    subscription.active = False
    subscription.save()
    message(complaint, complaint.consumer)
    assert deliveries(subscription) == []
    assert E.MESSAGE_ADDED in types(complaint)  # still in the feed
