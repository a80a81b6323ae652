"""Each condition kind, answered for one complaint (when a rule fires) and as the preview's
query (the open complaints that match now): both must agree."""

from __future__ import annotations

import pytest
import time_machine

from tests.automation.conftest import runs, work
from tests.conftest import draft
from tests.sla.sla_helpers import at
from tousu.automation import spec
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.routing import route_to_team
from tousu.teams.actions import create_team


@pytest.fixture
def cases(consumer, order, outsider, outsider_order, agent, no_filing_limits):
    def file(user, number, channel, **fields):
        return filing.file_complaint(user, draft(number, **fields), channel=channel)[0]

    web = file(consumer, order.number, Channel.WEB, description="耳机没有声音，要求退款。")
    app = file(
        consumer,
        order.number,
        Channel.APP,
        category="delivery",
        demand="apology",
        amount_fen=None,
        description="快递太慢了",
    )
    other = file(
        outsider, outsider_order.number, Channel.WECHAT, amount_fen=5000, description="假货"
    )
    actions.set_priority(other, agent, 4)
    other.refresh_from_db()
    return {"web": web, "app": app, "other": other}


def agree(conditions, cases, now=None) -> set[str]:
    """The names of the cases the conditions hold for, checked both ways."""
    by_python = {
        name for name, c in cases.items() if spec.conditions_hold(None, conditions, c, now=now)
    }
    by_query = {
        name
        for name, c in cases.items()
        if spec.open_matching(None, conditions, now=now).filter(pk=c.pk).exists()
    }
    assert by_python == by_query
    return by_python


def test_channel(cases):
    assert agree([{"kind": "channel", "in": ["web", "wechat"]}], cases) == {"web", "other"}


def test_category(cases):
    assert agree([{"kind": "category", "in": ["delivery"]}], cases) == {"app"}


def test_shop(cases, other_shop):
    assert agree([{"kind": "shop", "in": [other_shop.pk]}], cases) == {"other"}


def test_priority(cases):
    assert agree([{"kind": "priority", "in": [4]}], cases) == {"other"}


def test_amount(cases):
    assert agree([{"kind": "amount", "min_fen": 10000, "max_fen": None}], cases) == {"web"}
    assert agree([{"kind": "amount", "min_fen": None, "max_fen": 10000}], cases) == {"other"}
    # A complaint that names no amount matches no amount condition.
    assert agree([{"kind": "amount", "min_fen": 0, "max_fen": 99999999}], cases) == {"web", "other"}


def test_words(cases):
    assert agree([{"kind": "words", "any": ["退款", "假货"]}], cases) == {"web", "other"}


def test_all_conditions_must_hold(cases):
    both = [{"kind": "channel", "in": ["web", "wechat"]}, {"kind": "priority", "in": [4]}]
    assert agree(both, cases) == {"other"}


def test_working_time_and_hours(cases):
    working = [{"kind": "time", "when": "working"}]
    outside = [{"kind": "time", "when": "outside"}]
    evening = [{"kind": "time", "when": "hours", "from": "18:00", "to": "08:30"}]
    monday_morning = at(2025, 11, 10, 10)
    saturday = at(2025, 11, 15, 10)
    monday_night = at(2025, 11, 10, 22)
    assert agree(working, cases, monday_morning) == set(cases)
    assert agree(outside, cases, monday_morning) == set()
    assert agree(working, cases, saturday) == set()
    assert agree(outside, cases, saturday) == set(cases)
    assert agree(evening, cases, monday_night) == set(cases)
    assert agree(evening, cases, monday_morning) == set()
    assert agree(evening, cases, at(2025, 11, 10, 8, 29)) == set(cases)  # across midnight


def test_the_words_of_the_triggering_message_count(rule_maker, cases, consumer):
    rule = rule_maker(
        trigger="consumer_message", conditions=[{"kind": "words", "any": ["投诉到12315"]}]
    )
    app = cases["app"]
    actions.post_message(app, consumer, "再不处理就去", channel=Channel.WEB)
    work()
    assert runs(rule) == []
    actions.post_message(app, consumer, "再不处理我就投诉到12315", channel=Channel.WEB)
    work()
    assert len(runs(rule)) == 1


def test_a_rule_for_a_team_only_fires_on_its_complaints(rule_maker, cases, supervisor, consumer):
    team = create_team(supervisor, "物流组")
    rule = rule_maker(trigger="consumer_message", team=team)
    route_to_team(cases["app"], supervisor, team)
    for case in (cases["web"], cases["app"]):
        actions.post_message(case, consumer, "在吗", channel=Channel.WEB)
    work()
    assert [r.complaint for r in runs(rule)] == [cases["app"]]
    assert list(spec.open_matching(team.pk, [])) == [cases["app"]]


def test_conditions_are_read_when_the_rule_fires(rule_maker, cases, consumer, agent):
    rule = rule_maker(trigger="consumer_message", conditions=[{"kind": "priority", "in": [4]}])
    with time_machine.travel(at(2025, 11, 10, 10), tick=False):
        actions.post_message(cases["web"], consumer, "在吗", channel=Channel.WEB)
    actions.set_priority(cases["web"], agent, 4)  # before the worker's round
    work()
    assert len(runs(rule)) == 1
