"""SLA policies: seeded defaults, most specific match wins per clock, recomputation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.sla.sla_helpers import (
    AFTER_SALES_POLICY,
    DEFAULT_POLICY,
    at,
    file_at,
    live,
    set_rule,
    step,
)
from tousu.complaints import actions
from tousu.complaints.choices import Channel, Priority
from tousu.sla import deadlines, policies
from tousu.sla.models import BreachAction, Clock, ClockRule, SlaPolicy, rule_duration


def test_seeded_defaults_follow_the_domain(db):
    rules = {r.clock: r for r in ClockRule.objects.filter(policy__name=DEFAULT_POLICY)}
    assert rules[Clock.MERCHANT_RESPONSE].duration == "48ch"  # WeChat mini-shop: 48 h
    assert rules[Clock.INTERVENTION_WINDOW].duration == "7cd"  # may ask the platform within 7 days
    assert (
        rules[Clock.RETURN_RECEIPT].duration == "10cd"
    )  # merchant confirms returned goods in 10 days
    # Clocks whose length is a setting: the rule leaves it blank and reads the setting.
    refund = rules[Clock.MERCHANT_REFUND]
    assert (refund.duration, rule_duration(refund)) == (
        "",
        "7cd",
    )  # TOUSU_REMEDY_MERCHANT_REFUND_DAYS
    odr = ClockRule.objects.get(policy__channel="12315", clock=Clock.ODR_SETTLEMENT)
    assert (rule_duration(odr), odr.calendar) == ("10d", "office")  # 12315 ODR: 10 working days
    assert not odr.pauses_while_waiting_on_consumer
    assert not ClockRule.objects.filter(policy__channel="12315", clock=Clock.RESOLUTION).exists()
    callback = ClockRule.objects.get(policy__channel="phone", clock=Clock.CALLBACK)
    assert (rule_duration(callback), callback.calendar) == ("24ch", "hotline")  # TOUSU_CALLBACK_DUE


def test_most_specific_policy_wins_per_clock(consumer, order):
    complaint = file_at(consumer, at(2025, 11, 10, 10), order)  # after-sales, web
    rules = policies.rules_for(complaint)
    assert (
        rules[Clock.MERCHANT_RESPONSE].breach_action == BreachAction.MERCHANT_AGREE
    )  # after-sales policy
    assert rules[Clock.RESOLUTION].policy.name == DEFAULT_POLICY  # not overridden: inherited
    plain = file_at(consumer, at(2025, 11, 10, 10))  # kind "complaint"
    assert (
        policies.rules_for(plain)[Clock.MERCHANT_RESPONSE].breach_action == BreachAction.INTERVENE
    )


def test_rank_breaks_ties_and_inactive_policies_are_ignored(consumer, order):
    complaint = file_at(consumer, at(2025, 11, 10, 10), order)
    low = SlaPolicy.objects.create(name="low", category="quality", rank=0)
    high = SlaPolicy.objects.create(name="high", kind="after_sales", rank=5, active=False)
    ClockRule.objects.create(policy=low, clock=Clock.RESOLUTION, duration="5cd")
    ClockRule.objects.create(policy=high, clock=Clock.RESOLUTION, duration="3cd")
    assert policies.rules_for(complaint)[Clock.RESOLUTION].duration == "5cd"
    high.active = True
    high.save()
    assert policies.rules_for(complaint)[Clock.RESOLUTION].duration == "3cd"


def test_duration_is_validated(db):
    rule = ClockRule(
        policy=SlaPolicy.objects.get(name=DEFAULT_POLICY), clock=Clock.CALLBACK, duration="2 weeks"
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_a_policy_change_recomputes_running_deadlines(consumer, order, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10))
    assert live(complaint, Clock.MERCHANT_RESPONSE).due_at == at(2025, 11, 12, 10)
    set_rule(Clock.MERCHANT_RESPONSE, AFTER_SALES_POLICY, duration="24ch")
    deadlines.recompute_open(now=at(2025, 11, 10, 11))
    assert live(complaint, Clock.MERCHANT_RESPONSE).due_at == at(
        2025, 11, 11, 10
    )  # from the run's start


def test_a_priority_change_applies_the_policy_for_that_priority(consumer, order, agent):
    urgent = SlaPolicy.objects.create(name="urgent", priority=Priority.URGENT)
    ClockRule.objects.create(policy=urgent, clock=Clock.RESOLUTION, duration="2cd")
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    assert live(complaint, Clock.RESOLUTION).duration == "15cd"
    actions.set_priority(complaint, agent, Priority.URGENT, channel=Channel.DESK)
    resolution = live(complaint, Clock.RESOLUTION)
    assert (resolution.duration, resolution.due_at) == ("2cd", at(2025, 11, 13, 0))


def test_a_category_change_applies_the_policy_for_that_category(consumer, order, agent):
    food = SlaPolicy.objects.create(name="food", category="food_safety")
    ClockRule.objects.create(policy=food, clock=Clock.RESOLUTION, duration="3cd")
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    assert complaint.category != "food_safety"
    assert live(complaint, Clock.RESOLUTION).duration == "15cd"
    actions.set_category(complaint, agent, "food_safety", channel=Channel.DESK)
    resolution = live(complaint, Clock.RESOLUTION)
    assert (resolution.duration, resolution.due_at) == ("3cd", at(2025, 11, 14, 0))
