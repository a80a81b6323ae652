"""Helpers for the SLA tests: frozen-time steps on complaints, and policy edits."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.conftest import draft
from tests.steps import take
from tousu.adjudication.refunds import send_refunds
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.sla.models import ClockRule, Deadline, SlaPolicy
from tousu.sla.sweep import SweepResult, sweep

SH = ZoneInfo("Asia/Shanghai")
DEFAULT_POLICY = "默认 Default"
AFTER_SALES_POLICY = "售后 After-sales"


def at(*args) -> datetime:
    """A moment in Asia/Shanghai."""
    return datetime(*args, tzinfo=SH)


def file_at(
    consumer, moment: datetime, order=None, channel: str = Channel.WEB, **overrides
) -> Complaint:
    if order is None:
        overrides = {"kind": "complaint", "demand": "apology", "amount_fen": None, **overrides}
    with time_machine.travel(moment, tick=False):
        complaint, _ = filing.file_complaint(
            consumer, draft(order.number if order else "", **overrides), channel=channel
        )
    return complaint


def step(
    complaint: Complaint, actor, name: str, moment: datetime, note: str = "见附件"
) -> Complaint:
    with time_machine.travel(moment, tick=False):
        return take(complaint, actor, name, note, channel=Channel.DESK)


def sweep_at(moment: datetime, limit: int = 100) -> SweepResult:
    """One worker round at ``moment``: the deadline sweep, then the refunds it released."""
    with time_machine.travel(moment, tick=False):
        result = sweep(limit=limit)
        send_refunds(limit=limit)
        return result


def live(complaint: Complaint, clock: str) -> Deadline:
    return Deadline.objects.get(complaint=complaint, clock=clock, ended_at__isnull=True)


def runs(complaint: Complaint, clock: str) -> list[Deadline]:
    return list(Deadline.objects.filter(complaint=complaint, clock=clock).order_by("id"))


def set_rule(clock: str, policy: str = DEFAULT_POLICY, **fields) -> ClockRule:
    """Change (or add) one clock rule of a seeded policy."""
    rule, _ = ClockRule.objects.update_or_create(
        policy=SlaPolicy.objects.get(name=policy), clock=clock, defaults=fields
    )
    return rule


def status_events(complaint: Complaint, transition: str) -> int:
    return complaint.events.filter(transition=transition).count()
