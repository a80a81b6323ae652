"""Clocks pause while the complaint waits on the consumer, and resume with the time left."""

from __future__ import annotations

from datetime import timedelta

from tests.sla.sla_helpers import at, file_at, live, set_rule, step, sweep_at
from tousu.sla.models import Clock, DeadlineState


def offered(consumer, order, agent, merchant_staff):
    complaint = file_at(consumer, at(2025, 11, 3, 10), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 11))
    step(complaint, merchant_staff, "merchant_offer", at(2025, 11, 4, 10), note="换一个新的")
    return complaint


def test_resolution_pauses_while_the_consumer_considers_an_offer(
    consumer, order, agent, merchant_staff
):
    complaint = offered(consumer, order, agent, merchant_staff)
    resolution = live(complaint, Clock.RESOLUTION)  # was due 19 Nov 00:00
    assert (resolution.state, resolution.due_at) == (DeadlineState.PAUSED, None)
    assert resolution.remaining_seconds == (timedelta(days=14, hours=14)).total_seconds()
    # The consumer's own window runs meanwhile.
    assert live(complaint, Clock.INTERVENTION_WINDOW).due_at == at(2025, 11, 12, 0)
    step(complaint, consumer, "request_intervention", at(2025, 11, 7, 10), note="不接受")
    resolution = live(complaint, Clock.RESOLUTION)
    assert (resolution.state, resolution.due_at) == (
        DeadlineState.ACTIVE,
        at(2025, 11, 22, 0),
    )  # 3 days later


def test_decision_pauses_in_working_time_while_evidence_is_awaited(consumer, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9))
    step(complaint, agent, "intervene", at(2025, 11, 10, 10))
    assert live(complaint, Clock.DECISION).due_at == at(2025, 11, 13, 18)
    step(complaint, agent, "request_evidence", at(2025, 11, 10, 14), note="请上传照片")
    decision = live(complaint, Clock.DECISION)
    assert (decision.state, decision.remaining_seconds) == (
        DeadlineState.PAUSED,
        31 * 3600,
    )  # 4 h + 3 × 9 h
    # Past the original due time a paused clock is not swept; the evidence window (3
    # calendar days) runs out instead and the system closes it, which resumes the decision.
    result = sweep_at(at(2025, 11, 14, 10))
    assert (result.claimed, result.fired) == (1, 1)
    complaint.refresh_from_db()
    assert complaint.status == "intervention"
    decision = live(complaint, Clock.DECISION)  # 31 office hours from Fri 10:00: 8 + 9 + 9 + 5
    assert (decision.state, decision.due_at) == (DeadlineState.ACTIVE, at(2025, 11, 19, 14))


def test_decision_resumes_when_the_evidence_is_complete(consumer, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9))
    step(complaint, agent, "intervene", at(2025, 11, 10, 10))
    step(complaint, agent, "request_evidence", at(2025, 11, 10, 14), note="请上传照片")
    step(complaint, agent, "evidence_complete", at(2025, 11, 12, 9))
    # 31 office hours from Wed 09:00: Wed 9, Thu 9, Fri 9, then 4 h on Monday.
    decision = live(complaint, Clock.DECISION)
    assert (decision.state, decision.due_at) == (DeadlineState.ACTIVE, at(2025, 11, 17, 13))


def test_a_clock_whose_rule_does_not_pause_keeps_running(consumer, order, agent, merchant_staff):
    set_rule(Clock.RESOLUTION, pauses_while_waiting_on_consumer=False)
    complaint = offered(consumer, order, agent, merchant_staff)
    resolution = live(complaint, Clock.RESOLUTION)
    assert (resolution.state, resolution.due_at) == (DeadlineState.ACTIVE, at(2025, 11, 19, 0))


def test_the_consumers_own_window_never_pauses(consumer, order, agent, merchant_staff):
    set_rule(Clock.INTERVENTION_WINDOW, pauses_while_waiting_on_consumer=True)
    complaint = offered(consumer, order, agent, merchant_staff)
    assert live(complaint, Clock.INTERVENTION_WINDOW).state == DeadlineState.ACTIVE
