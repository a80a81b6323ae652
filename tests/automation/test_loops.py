"""Loop protection: a rule fires at most once per complaint and event, and a chain of
rule-caused events stops at TOUSU_AUTOMATION_MAX_DEPTH, with the audit saying so."""

from __future__ import annotations

from tests.automation.conftest import runs, tags, work
from tousu.automation import capture
from tousu.automation.engine import apply_pending
from tousu.automation.models import PendingTrigger, RuleRun
from tousu.complaints import actions, events
from tousu.complaints.choices import Channel
from tousu.macros import actions as macros


def test_replaying_the_same_event_does_not_fire_twice(rule_maker, complaint, consumer):
    rule = rule_maker(trigger="consumer_message", actions=[{"kind": "priority", "priority": 4}])
    message = actions.post_message(complaint, consumer, "在吗", channel=Channel.WEB)
    events.publish(events.TimelineAppended(message))  # published again before the worker ran
    assert PendingTrigger.objects.count() == 1
    work()
    events.publish(events.TimelineAppended(message))  # and again after it fired
    assert PendingTrigger.objects.count() == 1
    work()
    assert len(runs(rule)) == 1
    assert complaint.events.filter(kind="priority").count() == 1


def test_two_workers_taking_the_same_trigger_fire_once(rule_maker, complaint, consumer):
    rule = rule_maker(trigger="consumer_message")
    actions.post_message(complaint, consumer, "在吗", channel=Channel.WEB)
    (pk,) = PendingTrigger.objects.values_list("pk", flat=True)
    assert len(apply_pending(pk)) == 1
    assert apply_pending(pk) == []  # the row is gone: the second worker does nothing
    assert len(runs(rule)) == 1


def test_a_chain_of_rules_stops_at_the_depth_limit(rule_maker, complaint, supervisor):
    """Status changes caused by rules trigger the next rule, one level deeper each time:
    acknowledged → (1) forwarded → (2) intervention → (3) escalated → (4) not run."""
    intervene = macros.save_macro(supervisor, name="介入", body="平台介入。", step="intervene")
    escalate = macros.save_macro(supervisor, name="上报", body="已上报。", step="escalate")
    chain = [
        rule_maker(
            name="1 转商家",
            trigger="status_changed",
            params={"to_status": "acknowledged"},
            actions=[{"kind": "forward"}],
        ),
        rule_maker(
            name="2 介入",
            trigger="status_changed",
            params={"to_status": "waiting_merchant"},
            actions=[{"kind": "macro", "macro": intervene.pk}],
        ),
        rule_maker(
            name="3 上报",
            trigger="status_changed",
            params={"to_status": "intervention"},
            actions=[{"kind": "macro", "macro": escalate.pk}],
        ),
        rule_maker(
            name="4 标记",
            trigger="status_changed",
            params={"to_status": "escalated"},
            actions=[{"kind": "tag", "name": "太深"}],
        ),
    ]
    # The filing's acknowledgement (depth 0: not caused by a rule) happened before the rules
    # existed; published again, it starts the chain.
    assert complaint.status == "acknowledged"
    events.publish(events.TimelineAppended(complaint.events.get(transition="acknowledge")))
    work()
    complaint.refresh_from_db()
    assert complaint.status == "escalated"
    assert [[r.depth for r in runs(rule)] for rule in chain] == [[1], [2], [3], []]
    assert runs(chain[2])[0].stopped == ["status_changed"]  # the audit says where it stopped
    assert tags(complaint) == []
    assert not PendingTrigger.objects.exists()


def test_a_lower_limit_stops_earlier(rule_maker, complaint, supervisor, settings):
    settings.TOUSU_AUTOMATION_MAX_DEPTH = 1
    first = rule_maker(
        name="转商家",
        trigger="status_changed",
        params={"to_status": "acknowledged"},
        actions=[{"kind": "forward"}],
    )
    second = rule_maker(
        name="转后",
        trigger="status_changed",
        params={"to_status": "waiting_merchant"},
        actions=[{"kind": "tag", "name": "二"}],
    )
    events.publish(events.TimelineAppended(complaint.events.get(transition="acknowledge")))
    work()
    assert runs(first)[0].stopped == ["status_changed"] and runs(second) == []


def test_depth_is_only_set_while_a_rule_runs(rule_maker, complaint, consumer):
    rule_maker(trigger="consumer_message")
    assert capture.running.get() is None
    actions.post_message(complaint, consumer, "在吗", channel=Channel.WEB)
    work()
    assert capture.running.get() is None
    actions.post_message(complaint, consumer, "还在吗", channel=Channel.WEB)
    assert list(PendingTrigger.objects.values_list("depth", flat=True)) == [1]
    assert RuleRun.objects.get().depth == 1


def test_only_triggers_a_rule_listens_to_are_reported_as_stopped(
    rule_maker, complaint, consumer, settings
):
    settings.TOUSU_AUTOMATION_MAX_DEPTH = 1
    rule = rule_maker(trigger="consumer_message", actions=[{"kind": "forward"}])
    actions.post_message(complaint, consumer, "在吗", channel=Channel.WEB)
    work()
    (run,) = runs(rule)
    # Its status change went past the limit, but no rule listens to status changes.
    assert run.outcome == "applied" and run.stopped == []
