"""Each trigger fires its rules once, through the worker, as the system."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests.automation.conftest import runs, tags, work
from tests.conftest import draft
from tests.sla.sla_helpers import at, file_at, sweep_at
from tousu.automation.models import PendingTrigger
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.sla.models import Clock


def test_filed(rule_maker, consumer, order):
    rule = rule_maker(trigger="filed", actions=[{"kind": "tag", "name": "新投诉"}])
    complaint, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    assert tags(complaint) == []  # not in the request: the worker applies the rule
    assert PendingTrigger.objects.filter(complaint=complaint, trigger="filed").count() == 1
    work()
    assert tags(complaint) == ["新投诉"]
    (run,) = runs(rule)
    assert (run.complaint, run.trigger, run.depth, run.outcome) == (
        complaint,
        "filed",
        1,
        "applied",
    )
    assert run.event_key == f"e{complaint.events.get(kind='filed').pk}"
    assert not PendingTrigger.objects.exists()


def test_nothing_is_queued_without_a_rule_listening(complaint):
    assert not PendingTrigger.objects.exists()


def test_status_changed_with_and_without_a_status(rule_maker, complaint, agent):
    any_status = rule_maker(
        name="任何", trigger="status_changed", actions=[{"kind": "tag", "name": "变"}]
    )
    to_merchant = rule_maker(
        name="转商家后",
        trigger="status_changed",
        params={"to_status": "waiting_merchant"},
        actions=[{"kind": "tag", "name": "商家处理中"}],
    )
    work()  # the filing's acknowledgement happened before the rules existed: nothing pending
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    work()
    assert tags(complaint) == ["变", "商家处理中"]
    assert len(runs(any_status)) == 1 and len(runs(to_merchant)) == 1
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    work()
    assert len(runs(any_status)) == 2 and len(runs(to_merchant)) == 1


def test_consumer_message_and_not_the_others(
    rule_maker, complaint, consumer, agent, merchant_staff
):
    rule = rule_maker(trigger="consumer_message", actions=[{"kind": "tag", "name": "追问"}])
    actions.post_message(complaint, agent, "您好", channel=Channel.DESK)
    actions.post_message(complaint, agent, "内部", channel=Channel.DESK, internal=True)
    actions.post_message(complaint, merchant_staff, "商家说", channel=Channel.WEB)
    work()
    assert runs(rule) == []
    actions.post_message(complaint, consumer, "怎么还没处理？", channel=Channel.WEB)
    work()
    assert tags(complaint) == ["追问"] and len(runs(rule)) == 1


def test_urged_n_times(rule_maker, complaint, consumer):
    rule = rule_maker(
        trigger="urged", params={"count": 2}, actions=[{"kind": "priority", "priority": 4}]
    )
    start = timezone.now()
    for n in range(3):
        with time_machine.travel(start + timedelta(hours=25 * n), tick=False):
            actions.urge(complaint, consumer, channel=Channel.WEB)
        work()
        complaint.refresh_from_db()
        if n == 0:
            assert runs(rule) == [] and complaint.priority < 4
    # From the second urge on, each urge fires (once per urge).
    assert [r.outcome for r in runs(rule)] == ["applied", "applied"]
    assert complaint.priority == 4


def test_deadline_approaching(rule_maker, consumer, order, agent):
    rule = rule_maker(
        trigger="deadline_approaching",
        params={"clock": Clock.FIRST_RESPONSE},
        actions=[{"kind": "tag", "name": "快超时"}],
    )
    complaint = file_at(
        consumer, at(2025, 11, 10, 10), order
    )  # first response due 18:00, reminder 16:00
    sweep_at(at(2025, 11, 10, 15, 59))
    work()
    assert runs(rule) == []
    sweep_at(at(2025, 11, 10, 16, 0))
    sweep_at(at(2025, 11, 10, 16, 1))
    work()
    assert tags(complaint) == ["快超时"]
    (run,) = runs(rule)
    assert run.trigger == "deadline_approaching" and run.event_key.startswith("r")


def test_deadline_approaching_for_another_clock_does_not_fire(rule_maker, consumer, order):
    rule = rule_maker(trigger="deadline_approaching", params={"clock": Clock.DECISION})
    file_at(consumer, at(2025, 11, 10, 10), order)
    sweep_at(at(2025, 11, 10, 16, 0))
    work()
    assert runs(rule) == []


def test_deadline_missed(rule_maker, consumer, order, supervisor):
    rule = rule_maker(trigger="deadline_missed", actions=[{"kind": "tag", "name": "已超时"}])
    complaint = file_at(consumer, at(2025, 11, 10, 10), order)
    sweep_at(at(2025, 11, 10, 17, 59))
    work()
    assert runs(rule) == []
    sweep_at(at(2025, 11, 10, 18, 0))
    sweep_at(at(2025, 11, 10, 18, 1))
    work()
    assert tags(complaint) == ["已超时"]
    (run,) = runs(rule)
    assert run.trigger == "deadline_missed" and run.event_key.startswith("b")
