"""A small, varied world of complaints for the figures, built at frozen times, and the
figures computed directly from its raw rows (the reference the rollups must match)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import draft, make_order, make_user
from tests.steps import take
from tousu.accounts.models import Role
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.complaints.routing import route_to_team
from tousu.escalation.actions import record_escalation
from tousu.sla.sweep import sweep
from tousu.teams.actions import create_team

SH = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@dataclass
class World:
    consumer: object
    shop: object
    other_shop: object
    staff: object
    other_staff: object
    agents: list
    supervisor: object
    teams: list
    complaints: dict = field(default_factory=dict)
    orders: int = 0

    def file(self, name, moment, channel=Channel.WEB, shop=None, **overrides) -> Complaint:
        if shop is None:
            overrides = {"kind": "complaint", "demand": "apology", "amount_fen": None, **overrides}
            number = ""
        else:
            self.orders += 1
            number = f"2026110{self.orders:05d}"
            make_order(self.consumer, shop, number)
        with time_machine.travel(moment, tick=False):
            complaint, _ = filing.file_complaint(
                self.consumer, draft(number, **overrides), channel=channel
            )
        self.complaints[name] = complaint
        return complaint

    def step(self, name, actor, transition, moment, note="见附件") -> Complaint:
        with time_machine.travel(moment, tick=False):
            return take(self.complaints[name], actor, transition, note, channel=Channel.DESK)

    def at(self, moment):
        return time_machine.travel(moment, tick=False)

    def team(self, name, team, agent, moment):
        with self.at(moment):
            c = route_to_team(self.complaints[name], self.supervisor, team)
            actions.assign(c, self.supervisor, agent)

    def sweep(self, moment):
        with self.at(moment):
            sweep(limit=100)


@pytest.fixture
def world(
    db,
    consumer,
    shop,
    other_shop,
    merchant_staff,
    other_merchant_staff,
    supervisor,
    no_filing_limits,
):
    agents = [make_user("agent_a", Role.AGENT), make_user("agent_b", Role.AGENT)]
    with time_machine.travel(at(2026, 11, 1, 9), tick=False):
        teams = [
            create_team(supervisor, "电子产品", members=[agents[0]]),
            create_team(supervisor, "物流", members=[agents[1]]),
        ]
    return World(
        consumer, shop, other_shop, merchant_staff, other_merchant_staff, agents, supervisor, teams
    )


def populate(w: World) -> None:
    for phase in PHASES:
        phase(w)


def phase0(w: World) -> None:
    """Friday 30 October 2026: one complaint, closed at once, nothing happens to it afterwards."""
    w.file("k0", at(2026, 10, 30, 10), Channel.WEB, w.shop, category="pricing")
    w.step("k0", w.supervisor, "close", at(2026, 10, 30, 10, 30))


def phase1(w: World) -> None:
    """Monday 2 November 2026."""
    a, b = w.agents
    A, B = w.teams
    # k1: web, quality, shop, team A: answered on time, accepted, rated 5 stars.
    w.file("k1", at(2026, 11, 2, 9, 30), Channel.WEB, w.shop, category="quality")
    w.team("k1", A, a, at(2026, 11, 2, 9, 40))
    with w.at(at(2026, 11, 2, 10)):
        actions.post_message(w.complaints["k1"], a, "您好，我们在处理。", channel=Channel.DESK)
    w.step("k1", a, "forward_to_merchant", at(2026, 11, 2, 10, 30))
    w.step("k1", w.staff, "merchant_offer", at(2026, 11, 2, 11, 30))
    w.step("k1", w.consumer, "accept_offer", at(2026, 11, 2, 12))
    w.step("k1", w.consumer, "confirm", at(2026, 11, 2, 14))
    # k2: app, delivery, the other shop, team B: answered, outcome not accepted, then 12315.
    w.file("k2", at(2026, 11, 2, 10), Channel.APP, w.other_shop, category="delivery")
    w.team("k2", B, b, at(2026, 11, 2, 10, 5))
    w.step("k2", b, "forward_to_merchant", at(2026, 11, 2, 11))
    w.step("k2", w.other_staff, "merchant_offer", at(2026, 11, 2, 13))
    w.step("k2", w.consumer, "accept_offer", at(2026, 11, 2, 13, 30))
    # k3: phone, quality, shop, no team: not acknowledged in time (a breach that only notifies).
    w.file("k3", at(2026, 11, 2, 15), Channel.PHONE, w.shop, category="quality")


def phase2(w: World) -> None:
    """Tuesday 3 November."""
    a, b = w.agents
    A, B = w.teams
    w.step("k2", w.consumer, "decline_outcome", at(2026, 11, 3, 10))
    with w.at(at(2026, 11, 3, 11)):
        record_escalation(
            w.complaints["k2"],
            w.consumer,
            where="12315_online",
            filed_on=date(2026, 11, 3),
            channel=Channel.WEB,
        )
    w.sweep(at(2026, 11, 3, 15))  # k3's acknowledge clock (4 working hours) has run out
    w.step("k3", a, "acknowledge", at(2026, 11, 3, 16))
    with w.at(at(2026, 11, 3, 17)):
        actions.urge(w.complaints["k3"], w.consumer, channel=Channel.WEB)
    # k4: WeChat, service, no shop, team A: closed, reopened, closed again, then Black Cat.
    w.file("k4", at(2026, 11, 3, 9), Channel.WECHAT, None, category="service_slow")
    w.team("k4", A, a, at(2026, 11, 3, 9, 10))
    w.step("k4", a, "close", at(2026, 11, 3, 11))
    # k5: web, delivery, shop, team B: not admissible.
    w.file("k5", at(2026, 11, 3, 10), Channel.WEB, w.shop, category="delivery")
    w.team("k5", B, b, at(2026, 11, 3, 10, 10))
    w.step("k5", b, "not_accept", at(2026, 11, 3, 10, 30))
    # k6: app, quality, the other shop, team A: the merchant stays silent.
    w.file("k6", at(2026, 11, 3, 11), Channel.APP, w.other_shop, category="quality")
    w.team("k6", A, a, at(2026, 11, 3, 11, 10))
    w.step("k6", a, "forward_to_merchant", at(2026, 11, 3, 11, 30))


def phase3(w: World) -> None:
    """Wednesday 4 November onwards."""
    a = w.agents[0]
    w.step("k4", w.consumer, "reopen", at(2026, 11, 4, 10))
    w.step("k4", a, "close", at(2026, 11, 4, 11))
    with w.at(at(2026, 11, 4, 12)):
        record_escalation(
            w.complaints["k4"],
            w.consumer,
            where="blackcat",
            filed_on=date(2026, 11, 4),
            channel=Channel.WEB,
        )
    w.sweep(at(2026, 11, 6, 12))  # k6: the merchant's 48 hours are over; k3's first response too
    # k7: the next week, outside the first week's period.
    w.file("k7", at(2026, 11, 9, 10), Channel.WEB, w.shop, category="quality")


PHASES = (phase0, phase1, phase2, phase3)


@pytest.fixture
def settled(settings):
    """Events are taken in as soon as they are written."""
    settings.TOUSU_ANALYTICS_SETTLE_SECONDS = 0


def local_day(moment) -> date:
    return timezone.localdate(moment)
