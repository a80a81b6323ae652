"""Deadlines start, stop and land on the right moment across real holiday periods."""

from __future__ import annotations

import time_machine

from tests.sla.sla_helpers import (
    AFTER_SALES_POLICY,
    at,
    file_at,
    live,
    runs,
    set_rule,
    step,
    sweep_at,
)
from tousu.complaints.choices import EventKind
from tousu.notify.models import Outbox
from tousu.sla.actions import enter_schedule_year
from tousu.sla.models import Clock, Deadline, DeadlineState


def test_filing_starts_the_clocks_of_its_status(consumer, order):
    complaint = file_at(consumer, at(2025, 11, 10, 10), order)  # web: acknowledged at once
    assert runs(complaint, Clock.ACKNOWLEDGE)[0].state == DeadlineState.MET
    assert live(complaint, Clock.FIRST_RESPONSE).due_at == at(2025, 11, 10, 18)  # 8 office hours
    assert live(complaint, Clock.RESOLUTION).due_at == at(2025, 11, 26, 0)  # 15 calendar days
    assert not Deadline.objects.filter(
        complaint=complaint, clock=Clock.CALLBACK
    ).exists()  # hotline only


def test_hotline_complaint_gets_a_callback_clock_of_24_clock_hours(consumer):
    complaint = file_at(
        consumer, at(2025, 10, 1, 20), channel="phone"
    )  # National Day: hotline still open
    # TOUSU_CALLBACK_DUE = 24ch: exactly 24 clock hours, across the night and the holiday.
    assert live(complaint, Clock.CALLBACK).due_at == at(2025, 10, 2, 20)
    assert live(complaint, Clock.CALLBACK).duration == "24ch"
    assert live(complaint, Clock.ACKNOWLEDGE).state == DeadlineState.ACTIVE  # not auto-acknowledged


def test_callback_clock_in_service_hours_when_the_setting_says_so(consumer, settings):
    settings.TOUSU_CALLBACK_DUE = "24h"
    complaint = file_at(consumer, at(2025, 10, 1, 20), channel="phone")
    # 24 h of 08:00–21:30 every day: 1.5 h on 1 Oct, 13.5 h on 2 Oct, 9 h on 3 Oct.
    assert live(complaint, Clock.CALLBACK).due_at == at(2025, 10, 3, 17)


def test_merchant_response_started_on_30_september_lands_after_national_day(consumer, order, agent):
    set_rule(Clock.MERCHANT_RESPONSE, AFTER_SALES_POLICY, duration="2d", calendar="office")
    complaint = file_at(consumer, at(2025, 9, 30, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 9, 30, 10))
    # 1–8 Oct are holidays; the 1st working day after 30 Sep is Thu 9 Oct, the 2nd Fri 10 Oct.
    assert live(complaint, Clock.MERCHANT_RESPONSE).due_at == at(2025, 10, 10, 18)


def test_working_hours_skip_national_day_and_count_the_make_up_days(consumer, order, agent):
    set_rule(Clock.MERCHANT_RESPONSE, AFTER_SALES_POLICY, duration="16h", calendar="office")
    complaint = file_at(consumer, at(2025, 9, 30, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 9, 30, 10))
    assert live(complaint, Clock.MERCHANT_RESPONSE).due_at == at(
        2025, 10, 9, 17
    )  # 8 h + 8 h on 9 Oct
    # First response (8 office hours) from Friday 17:00: Sunday 28 Sep is a make-up working day.
    sunday = file_at(consumer, at(2025, 9, 26, 17), order)
    assert live(sunday, Clock.FIRST_RESPONSE).due_at == at(2025, 9, 28, 16)
    # ... and Saturday 11 Oct too.
    saturday = file_at(consumer, at(2025, 10, 10, 17), order)
    assert live(saturday, Clock.FIRST_RESPONSE).due_at == at(2025, 10, 11, 16)


def test_calendar_hours_ignore_holidays(consumer, order, agent):
    complaint = file_at(consumer, at(2025, 9, 30, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 9, 30, 10))
    assert live(complaint, Clock.MERCHANT_RESPONSE).due_at == at(2025, 10, 2, 10)  # default 48ch


def test_spring_festival_2026_with_its_make_up_saturdays(consumer, agent):
    complaint = file_at(consumer, at(2026, 2, 13, 9))
    step(complaint, agent, "intervene", at(2026, 2, 13, 10))
    # Decision in 3 working days from Friday 13 Feb: Sat 14 (make-up), then 15–23 off, Tue 24, Wed 25.
    assert live(complaint, Clock.DECISION).due_at == at(2026, 2, 25, 18)
    odr = file_at(consumer, at(2026, 2, 13, 10), channel="12315")
    # 12315 ODR: 10 working days, Sat 28 Feb (make-up) among them.
    assert live(odr, Clock.ODR_SETTLEMENT).due_at == at(2026, 3, 5, 18)


def test_leaving_the_status_ends_the_run_as_met(consumer, order, agent, merchant_staff):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2025, 11, 11, 10))
    (run,) = runs(complaint, Clock.MERCHANT_RESPONSE)
    assert (run.state, run.ended_at) == (DeadlineState.MET, at(2025, 11, 11, 10))
    assert live(complaint, Clock.RESOLUTION).state == DeadlineState.ACTIVE  # still running


def test_terminal_status_ends_every_clock(consumer, order):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(complaint, consumer, "withdraw", at(2025, 11, 10, 10))
    assert not Deadline.objects.filter(complaint=complaint, ended_at__isnull=True).exists()


def test_a_year_without_schedule_is_flagged_not_computed(consumer, order, supervisor):
    complaint = file_at(consumer, at(2028, 1, 3, 10), order)
    first = live(complaint, Clock.FIRST_RESPONSE)  # 8 office hours: needs 2028's holidays
    assert (first.state, first.due_at, first.unknown_year) == (DeadlineState.UNKNOWN, None, 2028)
    assert live(complaint, Clock.RESOLUTION).due_at == at(
        2028, 1, 19, 0
    )  # calendar days need no schedule
    flag = complaint.events.get(kind=EventKind.NOTE, data__clock="first_response")
    assert (
        flag.internal
        and flag.actor is None
        and flag.data == {"sla": "unknown", "clock": "first_response", "year": 2028}
    )
    # (The acknowledge clock, which ran for an instant before the automatic acknowledgement, too.)
    assert Outbox.objects.filter(topic="sla_unknown", recipient=supervisor).count() == 2
    # Long after 8 office hours could have passed, nothing is swept: there is no due time.
    assert sweep_at(at(2028, 1, 10, 10)).claimed == 0
    assert live(complaint, Clock.FIRST_RESPONSE).state == DeadlineState.UNKNOWN


def test_a_deadline_that_falls_into_an_unknown_year_is_flagged(consumer, agent, entered_2027):
    complaint = file_at(consumer, at(2027, 12, 30, 9))
    step(complaint, agent, "intervene", at(2027, 12, 30, 10))
    decision = live(complaint, Clock.DECISION)  # 3 working days: 31 Dec, then into 2028
    assert (decision.state, decision.unknown_year) == (DeadlineState.UNKNOWN, 2028)


def test_entering_the_missing_year_computes_the_flagged_deadlines(consumer, order):
    complaint = file_at(consumer, at(2028, 1, 3, 10), order)
    with time_machine.travel(at(2028, 1, 3, 10, 30), tick=False):
        enter_schedule_year(2028, [], source="test")
    assert sweep_at(at(2028, 1, 3, 11)).retried_unknown == 1
    first = live(complaint, Clock.FIRST_RESPONSE)
    assert (first.state, first.due_at) == (DeadlineState.ACTIVE, at(2028, 1, 3, 18))
