"""Each action, taken through the apps' own actions as the system; refusals audited."""

from __future__ import annotations

from tests.automation.conftest import runs, tags, work
from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.timeline import entries
from tousu.macros import actions as macros
from tousu.notify.models import Outbox
from tousu.teams import actions as teams


def fire_on_message(rule_maker, complaint, consumer, actions_, **extra):
    rule = rule_maker(trigger="consumer_message", actions=actions_, **extra)
    actions.post_message(complaint, consumer, "请尽快处理", channel=Channel.WEB)
    work()
    complaint.refresh_from_db()
    return rule


def test_assign_to_an_agent(rule_maker, complaint, consumer, agent):
    rule = fire_on_message(rule_maker, complaint, consumer, [{"kind": "assign", "user": agent.pk}])
    assert complaint.assignee == agent
    event = complaint.events.get(kind="assigned")
    assert event.actor is None and event.actor_role == "system" and event.channel == "system"
    assert runs(rule)[0].results == [{"kind": "assign", "ok": True, "data": {"assignee": "agent"}}]


def test_assign_to_a_team_in_turn(rule_maker, complaint, consumer, supervisor, agent, order):
    second = make_user("agent2", Role.AGENT)
    team = teams.create_team(supervisor, "数码组", members=[agent, second])
    fire_on_message(rule_maker, complaint, consumer, [{"kind": "assign_team", "team": team.pk}])
    assert complaint.team == team and complaint.assignee == agent
    actions.post_message(complaint, consumer, "再问一次", channel=Channel.WEB)
    work()
    complaint.refresh_from_db()
    assert complaint.assignee == second  # the next message: the next member in turn


def test_set_priority(rule_maker, complaint, consumer):
    fire_on_message(rule_maker, complaint, consumer, [{"kind": "priority", "priority": 4}])
    assert complaint.priority == 4
    assert complaint.events.get(kind="priority").actor is None


def test_add_tag_once(rule_maker, complaint, consumer):
    rule = fire_on_message(rule_maker, complaint, consumer, [{"kind": "tag", "name": "VIP"}])
    actions.post_message(complaint, consumer, "又来了", channel=Channel.WEB)
    work()
    assert tags(complaint) == ["VIP"]
    assert complaint.events.filter(kind="note", data__tag="VIP").count() == 1
    assert [r.results[0]["data"]["already"] for r in runs(rule)] == [False, True]


def test_macro_reply_as_the_system(rule_maker, complaint, consumer, supervisor):
    macro = macros.save_macro(
        supervisor, name="安抚", body="{consumer_name}您好，{agent_name}已收到。"
    )
    fire_on_message(rule_maker, complaint, consumer, [{"kind": "macro", "macro": macro.pk}])
    reply = complaint.events.filter(kind="message", actor__isnull=True).get()
    assert reply.body == "alice您好，Platform customer service已收到。"
    assert reply.actor_role == "system" and not reply.internal
    # Like an agent's reply, it reaches the consumer's phone too.
    told = Outbox.objects.filter(recipient=consumer, topic="reply")
    assert sorted(told.values_list("medium", flat=True)) == ["inbox", "sms"]


def test_macro_with_a_step_the_system_may_not_take_is_refused_and_audited(
    rule_maker, complaint, consumer, supervisor
):
    macro = macros.save_macro(supervisor, name="结案", body="已解决，结案。", step="close")
    rule = fire_on_message(
        rule_maker,
        complaint,
        consumer,
        [{"kind": "macro", "macro": macro.pk}, {"kind": "tag", "name": "已回复"}],
    )
    (run,) = runs(rule)
    assert run.outcome == "partly"
    refused, tagged = run.results
    assert refused["kind"] == "macro" and not refused["ok"] and refused["reason"]
    assert tagged["ok"]  # the next action went on
    # All or nothing: no reply was left without its step.
    assert not complaint.events.filter(kind="message", actor__isnull=True).exists()
    assert complaint.status == "acknowledged"


def test_notify_every_supervisor_or_one(rule_maker, complaint, consumer, supervisor, agent):
    other = make_user("boss2", Role.SUPERVISOR)
    rule = fire_on_message(rule_maker, complaint, consumer, [{"kind": "notify", "user": None}])
    notices = Outbox.objects.filter(topic="automation_rule", complaint=complaint)
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["boss", "boss2"]
    assert notices.first().context["rule"] == rule.name
    notices.delete()
    rule_maker(
        name="只告诉一位",
        trigger="consumer_message",
        actions=[{"kind": "notify", "user": other.pk}],
    )
    actions.post_message(complaint, consumer, "第三次", channel=Channel.WEB)
    work()
    # Every supervisor (the first rule), and again the one named by the second rule.
    assert sorted(notices.values_list("recipient__username", flat=True)) == [
        "boss",
        "boss2",
        "boss2",
    ]
    assert not Outbox.objects.filter(topic="automation_rule", recipient=agent).exists()


def test_forward_to_merchant(rule_maker, complaint, consumer, merchant_staff):
    fire_on_message(rule_maker, complaint, consumer, [{"kind": "forward"}])
    assert complaint.status == "waiting_merchant"
    step = complaint.events.get(transition="forward_to_merchant")
    assert step.actor is None and step.channel == "system"
    assert Outbox.objects.filter(recipient=merchant_staff, topic="merchant_asked").exists()


def test_forward_refused_when_not_possible_is_audited(rule_maker, complaint, consumer, agent):
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    rule = fire_on_message(rule_maker, complaint, consumer, [{"kind": "forward"}])
    (run,) = runs(rule)
    assert run.outcome == "refused" and not run.results[0]["ok"]
    assert complaint.status == "intervention"
    assert not complaint.events.filter(data__rule__isnull=False).exists()  # nothing done, no note


def test_a_gone_agent_is_refused_not_a_crash(rule_maker, complaint, consumer, agent):
    rule = fire_on_message(rule_maker, complaint, consumer, [{"kind": "tag", "name": "x"}])
    rule.actions = [{"kind": "assign", "user": agent.pk}]
    rule.save()
    agent.is_active = False
    agent.save()
    actions.post_message(complaint, consumer, "再问", channel=Channel.WEB)
    work()
    last = runs(rule)[-1]
    assert last.outcome == "refused" and "no longer" in last.results[0]["reason"]


def test_the_timeline_shows_the_system_and_the_rule(rule_maker, complaint, consumer, agent):
    rule = fire_on_message(
        rule_maker,
        complaint,
        consumer,
        [{"kind": "tag", "name": "VIP"}, {"kind": "priority", "priority": 3}],
    )
    shown = entries(complaint, complaint.events.order_by("id"), agent)[-3:]
    assert [(e.who, e.side) for e in shown] == [("System", "system")] * 3
    assert [e.summary for e in shown] == [
        "Tag added: VIP",
        "Priority set to High",
        f"Automation rule “{rule.name}” applied",
    ]
    assert all(e.internal for e in shown)
