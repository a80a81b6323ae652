"""The sweep: reminders, breach actions and the automatic steps, each exactly once."""

from __future__ import annotations

import time_machine
from django.core.management import call_command

from tests.sla.sla_helpers import at, file_at, live, runs, set_rule, status_events, step, sweep_at
from tousu.complaints import actions
from tousu.complaints.choices import Channel, Priority
from tousu.notify.models import Outbox
from tousu.sla import sweep
from tousu.sla.models import BreachAction, Clock, Deadline, DeadlineState


def forwarded(consumer, agent, order=None, moment=at(2025, 11, 10, 10)):
    complaint = file_at(consumer, moment.replace(hour=9), order)
    step(complaint, agent, "forward_to_merchant", moment)
    return complaint


def status(complaint) -> str:
    complaint.refresh_from_db()
    return complaint.status


def test_silent_merchant_on_after_sales_is_treated_as_agreeing(consumer, order, agent):
    complaint = forwarded(consumer, agent, order)  # merchant response due Wed 12 Nov 10:00 (48ch)
    assert sweep_at(at(2025, 11, 12, 9, 59)).fired == 0
    assert sweep_at(at(2025, 11, 12, 10, 0)).fired == 1
    assert sweep_at(at(2025, 11, 12, 10, 5)).fired == 0
    assert status(complaint) == "merchant_agreed"
    assert status_events(complaint, "merchant_agree") == 1
    event = complaint.events.get(transition="merchant_agree")
    assert event.actor is None and event.actor_role == "system" and event.channel == Channel.SYSTEM
    (run,) = runs(complaint, Clock.MERCHANT_RESPONSE)
    assert (run.state, run.outcome, run.ended_at is not None) == (
        DeadlineState.BREACHED,
        "merchant_agree",
        True,
    )
    # The consumer hears about it like any merchant answer.
    assert Outbox.objects.filter(recipient=consumer, topic="merchant_answered").exists()


def test_silent_merchant_on_a_complaint_moves_to_platform_intervention(consumer, agent, shop):
    complaint = forwarded(consumer, agent)
    sweep_at(at(2025, 11, 12, 10, 1))
    sweep_at(at(2025, 11, 12, 10, 2))
    assert status(complaint) == "intervention" and status_events(complaint, "intervene") == 1
    assert live(complaint, Clock.DECISION).state == DeadlineState.ACTIVE


def test_no_reply_to_an_offer_within_seven_days_closes_with_notice(
    consumer, order, agent, merchant_staff
):
    complaint = forwarded(consumer, agent, order)
    step(complaint, merchant_staff, "merchant_offer", at(2025, 11, 11, 10), note="只能换货")
    sweep_at(at(2025, 11, 18, 23, 59))
    assert status(complaint) == "merchant_offered"
    sweep_at(at(2025, 11, 19, 0, 0))
    sweep_at(at(2025, 11, 19, 0, 1))
    assert status(complaint) == "closed" and status_events(complaint, "lapse") == 1
    told = Outbox.objects.filter(recipient=consumer, topic="status", context__status__isnull=False)
    assert sorted(told.values_list("medium", flat=True)) == ["inbox", "sms"]  # once, both media


def test_unanswered_evidence_request_returns_to_the_platform(consumer, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9))
    step(complaint, agent, "intervene", at(2025, 11, 10, 10))
    step(complaint, agent, "request_evidence", at(2025, 11, 10, 11), note="请上传照片")
    sweep_at(at(2025, 11, 14, 0, 0))
    sweep_at(at(2025, 11, 14, 0, 1))
    assert (
        status(complaint) == "intervention" and status_events(complaint, "evidence_complete") == 1
    )


def in_fulfilment(consumer, order, agent, merchant_staff, **draft):
    complaint = file_at(consumer, at(2025, 11, 3, 9), order, **draft)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2025, 11, 3, 11))
    step(complaint, consumer, "accept_offer", at(2025, 11, 3, 12))
    return complaint


def test_returned_goods_not_confirmed_in_ten_days_are_confirmed_then_closed(
    consumer, order, agent, merchant_staff
):
    from tousu.adjudication import fulfilment, negotiation

    complaint = file_at(consumer, at(2025, 11, 3, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2025, 11, 3, 11))
    with time_machine.travel(
        at(2025, 11, 3, 12), tick=False
    ):  # goods back first (tousu.adjudication)
        negotiation.accept_offer(complaint, consumer, channel="web")
    assert live(complaint, Clock.RETURN_SHIPMENT).due_at == at(2025, 11, 11, 0)  # 7 calendar days
    with time_machine.travel(at(2025, 11, 4, 9), tick=False):
        fulfilment.ship_return(complaint, consumer, carrier="顺丰", tracking_number="SF1234567890")
    assert live(complaint, Clock.RETURN_RECEIPT).due_at == at(2025, 11, 15, 0)  # 10 calendar days
    sweep_at(at(2025, 11, 15, 0, 0))
    sweep_at(at(2025, 11, 15, 0, 1))
    assert (
        status(complaint) == "waiting_confirmation"
        and status_events(complaint, "confirm_return") == 1
    )
    assert status_events(complaint, "fulfilled") == 1  # the held refund went out
    # The consumer then has 7 days to confirm; silence closes the complaint as solved.
    sweep_at(at(2025, 11, 23, 0, 0))
    sweep_at(at(2025, 11, 23, 0, 1))
    assert status(complaint) == "closed" and status_events(complaint, "confirm") == 1


def test_no_return_clock_when_no_goods_come_back(consumer, order, agent, merchant_staff):
    complaint = in_fulfilment(consumer, order, agent, merchant_staff, demand="refund_only")
    assert not Deadline.objects.filter(complaint=complaint, clock=Clock.RETURN_RECEIPT).exists()


def test_reminder_then_breach_raises_priority_and_notifies_supervisors(
    consumer, order, agent, supervisor
):
    complaint = file_at(
        consumer, at(2025, 11, 10, 10), order
    )  # first response due 18:00, reminder 16:00
    actions.assign(complaint, agent, agent)
    assert sweep_at(at(2025, 11, 10, 15, 59)).reminded == 0
    assert sweep_at(at(2025, 11, 10, 16, 0)).reminded == 1
    assert sweep_at(at(2025, 11, 10, 16, 1)).reminded == 0
    reminders = Outbox.objects.filter(topic="sla_reminder")
    assert sorted(reminders.values_list("recipient__username", flat=True)) == ["agent", "boss"]
    sweep_at(at(2025, 11, 10, 18, 0))
    sweep_at(at(2025, 11, 10, 18, 1))
    complaint.refresh_from_db()
    assert complaint.priority == Priority.HIGH
    assert complaint.events.filter(kind="priority", actor__isnull=True).count() == 1
    assert Outbox.objects.filter(topic="sla_breached", recipient=supervisor).count() == 1
    # Still in "acknowledged": the breached run stays visible until the status moves on.
    assert live(complaint, Clock.FIRST_RESPONSE).state == DeadlineState.BREACHED


def test_reassign_returns_the_complaint_to_the_pool(consumer, order, agent, supervisor):
    set_rule(Clock.FIRST_RESPONSE, breach_action=BreachAction.REASSIGN)
    complaint = file_at(consumer, at(2025, 11, 10, 10), order)
    actions.assign(complaint, agent, agent)
    sweep_at(at(2025, 11, 10, 18, 0))
    complaint.refresh_from_db()
    assert complaint.assignee is None
    assert live(complaint, Clock.FIRST_RESPONSE).outcome == "unassigned"


def test_a_complaint_that_moved_after_the_claim_is_left_alone(
    consumer, order, agent, merchant_staff
):
    complaint = forwarded(consumer, agent, order)
    token, ids = sweep.claim(10, at(2025, 11, 12, 10))
    step(complaint, merchant_staff, "merchant_reject", at(2025, 11, 12, 10, 0, 1), note="不同意")
    with time_machine.travel(at(2025, 11, 12, 10, 0, 2), tick=False):
        assert [sweep.fire(pk, token, at(2025, 11, 12, 10, 0, 2)) for pk in ids] == [None]
    assert (
        status(complaint) == "merchant_rejected" and status_events(complaint, "merchant_agree") == 0
    )
    assert runs(complaint, Clock.MERCHANT_RESPONSE)[0].state == DeadlineState.MET


def test_the_worker_command_sweeps(consumer, order, agent):
    complaint = forwarded(consumer, agent, order)
    with time_machine.travel(at(2025, 11, 12, 11), tick=False):
        call_command("worker", "--once")
    assert status(complaint) == "merchant_agreed"
