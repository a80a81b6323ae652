"""Clocks that say what they do: the merchant's refund after the goods come back, the 12315
settlement clock that never pauses, and the clocks whose length is a setting."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from tests.sla.sla_helpers import DEFAULT_POLICY, at, file_at, live, runs, set_rule, step, sweep_at
from tousu.notify.models import Outbox
from tousu.payments.adapters import PaymentAdapter, Result
from tousu.sla import figures
from tousu.sla.models import Clock, ClockRule, Deadline, DeadlineState, SlaPolicy

ODR_POLICY = "12315 ODR"


class PendingAdapter(PaymentAdapter):
    """A payment system that answers later: the refund stays pending."""

    def refund(self, instruction) -> Result:
        return Result("pending", reference=f"LATER-{instruction.pk}")


def goods_received(consumer, order, agent, merchant_staff, received):
    """A return: agreed Mon 3 Nov 2025, shipped Tue 4 Nov, receipt confirmed at ``received``."""
    complaint = file_at(consumer, at(2025, 11, 3, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2025, 11, 3, 11))
    step(complaint, consumer, "accept_offer", at(2025, 11, 3, 12))
    step(complaint, consumer, "return_shipped", at(2025, 11, 4, 9))
    assert not Deadline.objects.filter(complaint=complaint, clock=Clock.MERCHANT_REFUND).exists()
    step(complaint, merchant_staff, "confirm_return", received)
    return complaint


# --- the merchant's refund -----------------------------------------------------------------


def test_refund_clock_starts_at_confirmed_receipt_and_runs_seven_days(
    consumer, order, agent, merchant_staff, supervisor, settings
):
    settings.TOUSU_PAYMENT_ADAPTER = "tests.sla.test_setting_clocks.PendingAdapter"
    complaint = goods_received(consumer, order, agent, merchant_staff, at(2025, 11, 5, 15))
    refund = live(complaint, Clock.MERCHANT_REFUND)
    # Art. 25: within 7 days of receiving the goods, counted from the next day → end of 12 Nov.
    assert (refund.started_at, refund.duration, refund.due_at) == (
        at(2025, 11, 5, 15),
        "7cd",
        at(2025, 11, 13, 0),
    )
    assert sweep_at(at(2025, 11, 12, 23, 59)).fired == 0
    assert live(complaint, Clock.MERCHANT_REFUND).state == DeadlineState.ACTIVE
    sweep_at(at(2025, 11, 13, 0, 0))
    sweep_at(at(2025, 11, 13, 0, 1))
    (run,) = runs(complaint, Clock.MERCHANT_REFUND)
    assert (run.state, run.outcome) == (DeadlineState.BREACHED, "notified")
    assert Outbox.objects.filter(recipient=supervisor, topic="sla_breached").exists()


def test_refund_clock_length_is_the_setting(consumer, order, agent, merchant_staff, settings):
    settings.TOUSU_PAYMENT_ADAPTER = "tests.sla.test_setting_clocks.PendingAdapter"
    settings.TOUSU_REMEDY_MERCHANT_REFUND_DAYS = 3
    complaint = goods_received(consumer, order, agent, merchant_staff, at(2025, 11, 5, 15))
    assert live(complaint, Clock.MERCHANT_REFUND).due_at == at(2025, 11, 9, 0)


def test_refund_paid_meets_the_clock(consumer, order, agent, merchant_staff):
    complaint = goods_received(
        consumer, order, agent, merchant_staff, at(2025, 11, 5, 15)
    )  # demo adapter
    with time_machine.travel(at(2025, 11, 5, 16), tick=False):
        call_command("worker", "--once")  # delivers whatever the refund still needs
    (run,) = runs(complaint, Clock.MERCHANT_REFUND)
    assert run.state == DeadlineState.MET and at(2025, 11, 5, 15) <= run.ended_at <= at(
        2025, 11, 5, 16
    )
    complaint.refresh_from_db()
    assert complaint.status == "waiting_confirmation"


def test_no_refund_clock_when_nothing_comes_back(consumer, order, agent, merchant_staff, settings):
    settings.TOUSU_PAYMENT_ADAPTER = "tests.sla.test_setting_clocks.PendingAdapter"
    complaint = file_at(consumer, at(2025, 11, 3, 9), order, demand="refund_only")
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 10))
    step(complaint, merchant_staff, "merchant_agree", at(2025, 11, 3, 11))
    step(complaint, consumer, "accept_offer", at(2025, 11, 3, 12))
    complaint.refresh_from_db()
    assert complaint.status == "fulfilment"  # the refund is pending, no goods to receive
    assert not Deadline.objects.filter(complaint=complaint, clock=Clock.MERCHANT_REFUND).exists()


# --- the 12315 settlement clock ---------------------------------------------------------------


def test_12315_clock_does_not_pause_while_the_complaint_waits_on_the_consumer(consumer, agent):
    complaint = file_at(consumer, at(2026, 3, 2, 10), channel="12315")  # Monday
    odr = live(complaint, Clock.ODR_SETTLEMENT)
    assert (odr.duration, odr.due_at) == ("10d", at(2026, 3, 16, 18))  # 10 working days
    step(complaint, agent, "acknowledge", at(2026, 3, 2, 11))
    step(complaint, agent, "intervene", at(2026, 3, 2, 12))
    step(complaint, agent, "request_evidence", at(2026, 3, 3, 10), note="请上传照片")
    complaint.refresh_from_db()
    assert complaint.status == "waiting_evidence"
    assert (
        live(complaint, Clock.RESOLUTION).state == DeadlineState.PAUSED
    )  # the platform's own target pauses
    odr = live(complaint, Clock.ODR_SETTLEMENT)
    assert (odr.state, odr.due_at) == (
        DeadlineState.ACTIVE,
        at(2026, 3, 16, 18),
    )  # the regulator's does not


def test_12315_clock_never_pauses_even_if_its_rule_says_so(consumer, agent):
    set_rule(Clock.ODR_SETTLEMENT, ODR_POLICY, pauses_while_waiting_on_consumer=True)
    complaint = file_at(consumer, at(2026, 3, 2, 10), channel="12315")
    step(complaint, agent, "acknowledge", at(2026, 3, 2, 11))
    step(complaint, agent, "intervene", at(2026, 3, 2, 12))
    step(complaint, agent, "request_evidence", at(2026, 3, 3, 10), note="请上传照片")
    assert live(complaint, Clock.ODR_SETTLEMENT).state == DeadlineState.ACTIVE
    sweep_at(at(2026, 3, 16, 17, 59))  # the evidence window has run out meanwhile
    sweep_at(at(2026, 3, 16, 17, 59))
    assert live(complaint, Clock.ODR_SETTLEMENT).state == DeadlineState.ACTIVE
    sweep_at(at(2026, 3, 16, 18, 0))
    sweep_at(at(2026, 3, 16, 18, 1))
    (run,) = runs(complaint, Clock.ODR_SETTLEMENT)
    assert (run.state, run.outcome) == (DeadlineState.BREACHED, "priority_raised")


def test_12315_clock_length_is_the_setting(consumer, settings):
    settings.TOUSU_12315_ODR_WORKING_DAYS = 5
    complaint = file_at(consumer, at(2026, 3, 2, 10), channel="12315")
    assert live(complaint, Clock.ODR_SETTLEMENT).due_at == at(2026, 3, 9, 18)


def test_other_channels_run_no_12315_clock(consumer, order):
    complaint = file_at(consumer, at(2026, 3, 2, 10), order)
    assert not Deadline.objects.filter(complaint=complaint, clock=Clock.ODR_SETTLEMENT).exists()


# --- rules of clocks whose length is a setting ---------------------------------------------------


@pytest.mark.parametrize("clock", [Clock.CALLBACK, Clock.MERCHANT_REFUND, Clock.ODR_SETTLEMENT])
def test_a_setting_clock_refuses_a_duration_of_its_own(db, clock):
    rule = ClockRule(
        policy=SlaPolicy.objects.get(name=DEFAULT_POLICY),
        clock=clock,
        duration="5cd",
        calendar="office",
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean(validate_constraints=False)
    assert "duration" in error.value.message_dict


def test_other_clocks_need_a_duration(db):
    rule = ClockRule(
        policy=SlaPolicy.objects.create(name="x"),
        clock=Clock.RESOLUTION,
        duration="",
        calendar="office",
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "duration" in error.value.message_dict


# --- figures in words ---------------------------------------------------------------------------


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    "duration, words",
    [
        ("24ch", "24 小时"),
        ("10cd", "10 天"),
        ("3d", "3 个工作日"),
        ("4h", "4 个工作小时"),
        ("1cd", "1 天"),
    ],
)
def test_durations_in_chinese(chinese, duration, words):
    assert figures.describe(duration) == words


def test_figures_follow_policies_and_settings(db, settings, chinese):
    assert figures.clock_length(Clock.RETURN_RECEIPT) == "10 天"
    set_rule(Clock.RETURN_RECEIPT, duration="12cd")
    assert figures.clock_length(Clock.RETURN_RECEIPT) == "12 天"
    assert figures.clock_length(Clock.ODR_SETTLEMENT) == "10 个工作日"
    settings.TOUSU_CALLBACK_DUE = "16h"
    assert figures.clock_length(Clock.CALLBACK) == "16 个工作小时"
    assert figures.clock_length(Clock.MERCHANT_RESPONSE, kind="after_sales") == "48 小时"
    assert (
        figures.fill("商家须在 [[return_receipt]]内确认；[[nonsense]]")
        == "商家须在 12 天内确认；[[nonsense]]"
    )
    assert figures.unknown_placeholders("[[return_receipt]] [[nonsense]] [[12315_mediation]]") == [
        "nonsense"
    ]


def test_a_complaints_figure_is_its_running_clock(consumer, order, agent, chinese):
    complaint = file_at(consumer, at(2025, 11, 3, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 3, 10))
    set_rule(
        Clock.MERCHANT_RESPONSE, "售后 After-sales", duration="72ch"
    )  # later change: the run keeps 48 h
    assert figures.clock_length(Clock.MERCHANT_RESPONSE, complaint) == "48 小时"
