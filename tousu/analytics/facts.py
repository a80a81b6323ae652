"""What each complaint contributes to the figures, read from its own rows.

Every figure counts a complaint in the cohort of the day it was filed (Asia/Shanghai),
under the channel, category, shop and team it has now: a figure for March is about the
complaints filed in March, whatever happened to them since. ``facts_for`` reads a batch
of complaints with five queries (the complaints, the timeline events that matter, their
ended deadline runs, decisions, ratings) and returns one ``Fact`` per complaint; the
rollups (``tousu.analytics.rollup``) store and add these up. Definitions in
docs/analytics.md#definitions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from tousu.accounts.models import PLATFORM_ROLES, Role
from tousu.adjudication.models import Decision, Feedback, Outcome
from tousu.analytics import ladder
from tousu.analytics.worktime import Minutes
from tousu.complaints.choices import EventKind, ExternalBody
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.complaints.workflow import TERMINAL, Status
from tousu.sla import config
from tousu.sla.models import Clock, Deadline, DeadlineState

# The merchant's answer to a complaint (the scorecard's "replied").
ANSWERS = ("merchant_agree", "merchant_offer", "merchant_reject")
TO_12315 = (ExternalBody.ONLINE_12315, ExternalBody.HOTLINE_12315)
TO_BLACK_CAT = (ExternalBody.BLACK_CAT,)


@dataclass
class Fact:
    complaint_id: int
    day: date
    channel: str
    category: str
    merchant_id: int | None
    team_id: int | None
    assignee_id: int | None
    valid: bool = True  # not refused as not admissible (不予受理)
    acknowledged: bool = False
    ack_minutes: int | None = None
    resolved: bool = False  # in a final status now (closed, not accepted, withdrawn, escalated)
    resolve_minutes: int | None = None
    completed: bool = False  # closed (solved and confirmed, or closed after a decision)
    reopened: bool = False
    to_12315: bool = False
    to_black_cat: bool = False
    urged: bool = False
    rated: bool = False
    stars: int = 0
    not_accepted: bool = False  # rated and did not accept the outcome
    replied: bool = False  # the merchant answered
    replied_on_time: bool = False  # answered and the merchant_response clock was met
    breached: bool = False  # any deadline run breached
    decided_against: bool = False  # a decision not rejecting the complaint
    # clock → [met runs, breached runs]
    clocks: dict[str, list[int]] = field(default_factory=dict)
    # agent id → public replies by that agent
    replies: dict[int, int] = field(default_factory=dict)

    @property
    def ack_bucket(self) -> int | None:
        return None if self.ack_minutes is None else ladder.bucket(self.ack_minutes)

    @property
    def resolve_bucket(self) -> int | None:
        return None if self.resolve_minutes is None else ladder.bucket(self.resolve_minutes)


def working_minutes() -> Minutes:
    """Working minutes on the calendar durations are counted in (``TOUSU_ANALYTICS_CALENDAR``)."""
    return Minutes(config.current().calendar(settings.TOUSU_ANALYTICS_CALENDAR))


def facts_for(complaint_ids: Iterable[int], minutes: Minutes | None = None) -> list[Fact]:
    """One ``Fact`` per existing complaint in ``complaint_ids`` (ids that no longer exist
    are left out)."""
    ids = list(complaint_ids)
    if not ids:
        return []
    minutes = minutes or working_minutes()
    facts: dict[int, Fact] = {}
    rows = Complaint.objects.filter(pk__in=ids).values_list(
        "pk",
        "created_at",
        "channel",
        "category",
        "merchant_id",
        "team_id",
        "assignee_id",
        "status",
        "acknowledged_at",
        "closed_at",
        "urge_count",
    )
    for (
        pk,
        created,
        channel,
        category,
        merchant,
        team,
        assignee,
        status,
        ack,
        closed,
        urges,
    ) in rows:
        fact = Fact(
            pk,
            timezone.localdate(created),
            channel,
            category,
            merchant,
            team,
            assignee,
            valid=status != Status.NOT_ACCEPTED,
            acknowledged=ack is not None,
            resolved=status in TERMINAL,
            completed=status == Status.CLOSED,
            urged=urges > 0,
        )
        if ack is not None:
            fact.ack_minutes = minutes.between(created, ack)
        if fact.resolved and closed is not None:
            fact.resolve_minutes = minutes.between(created, closed)
        facts[pk] = fact
    if not facts:
        return []
    _events(facts)
    _deadlines(facts)
    for complaint_id in (
        Decision.objects.filter(complaint_id__in=facts)
        .exclude(outcome=Outcome.REJECTED)
        .values_list("complaint_id", flat=True)
    ):
        facts[complaint_id].decided_against = True
    for complaint_id, overall, accepted in Feedback.objects.filter(
        complaint_id__in=facts
    ).values_list("complaint_id", "overall", "accepted"):
        fact = facts[complaint_id]
        fact.rated, fact.stars, fact.not_accepted = True, overall, not accepted
    for fact in facts.values():
        met = fact.clocks.get(Clock.MERCHANT_RESPONSE, [0, 0])[0]
        fact.replied_on_time = fact.replied and met > 0
    return list(facts.values())


def _events(facts: dict[int, Fact]) -> None:
    wanted = (
        Q(kind=EventKind.STATUS, transition="reopen")
        | Q(kind=EventKind.STATUS, transition__in=ANSWERS, actor_role=Role.MERCHANT)
        | Q(kind=EventKind.EXTERNAL)
        | Q(kind=EventKind.MESSAGE, internal=False, actor_role__in=sorted(PLATFORM_ROLES))
    )
    events = ComplaintEvent.objects.filter(wanted, complaint_id__in=facts).values_list(
        "complaint_id", "kind", "transition", "actor_id", "data"
    )
    for complaint_id, kind, transition, actor_id, data in events:
        fact = facts[complaint_id]
        if kind == EventKind.STATUS and transition == "reopen":
            fact.reopened = True
        elif kind == EventKind.STATUS:
            fact.replied = True
        elif kind == EventKind.EXTERNAL:
            where = ((data or {}).get("escalation") or {}).get("where")
            fact.to_12315 |= where in TO_12315
            fact.to_black_cat |= where in TO_BLACK_CAT
        elif actor_id is not None:
            fact.replies[actor_id] = fact.replies.get(actor_id, 0) + 1


def _deadlines(facts: dict[int, Fact]) -> None:
    runs: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for complaint_id, clock, state in Deadline.objects.filter(
        complaint_id__in=facts, state__in=(DeadlineState.MET, DeadlineState.BREACHED)
    ).values_list("complaint_id", "clock", "state"):
        counts = runs[complaint_id].setdefault(clock, [0, 0])
        counts[0 if state == DeadlineState.MET else 1] += 1
    for complaint_id, clocks in runs.items():
        facts[complaint_id].clocks = clocks
        facts[complaint_id].breached = any(breached for _met, breached in clocks.values())
