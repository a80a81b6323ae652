"""Where the figures read their sums from.

FIRST VERSION (the contract): sums computed in memory from the complaints filed in the
period. The rollup tables replace this.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

from tousu.accounts.models import User
from tousu.analytics import ladder
from tousu.analytics.facts import Fact, facts_for
from tousu.complaints.models import Complaint
from tousu.merchants.models import Merchant
from tousu.teams.models import Team

if TYPE_CHECKING:
    from tousu.analytics.figures import Filters

FLAGS = (
    "valid",
    "acknowledged",
    "resolved",
    "completed",
    "reopened",
    "to_12315",
    "to_black_cat",
    "urged",
    "rated",
    "not_accepted",
    "replied",
    "replied_on_time",
    "breached",
    "decided_against",
)


def _facts(f: Filters) -> list[Fact]:
    start = timezone.make_aware(datetime.combine(f.start, time()))
    end = timezone.make_aware(datetime.combine(f.end, time()))
    qs = Complaint.objects.filter(created_at__gte=start, created_at__lt=end)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.merchant_id is not None:
        qs = qs.filter(merchant_id=f.merchant_id)
    if f.team_id is not None:
        qs = qs.filter(team_id=f.team_id)
    return facts_for(qs.values_list("pk", flat=True))


def measures(fact: Fact) -> dict[str, int]:
    out = {"filed": 1, "stars": fact.stars}
    out.update({name: int(getattr(fact, name)) for name in FLAGS})
    for prefix, b in (("ack_h", fact.ack_bucket), ("res_h", fact.resolve_bucket)):
        for i in range(ladder.BUCKETS):
            out[f"{prefix}{i}"] = int(b == i)
    return out


def cube(f: Filters, by: tuple[str, ...]) -> list[dict]:
    groups: dict[tuple, dict[str, int]] = {}
    for fact in _facts(f):
        key = tuple(getattr(fact, d) for d in by)
        total = groups.setdefault(key, defaultdict(int))
        for name, value in measures(fact).items():
            total[name] += value
    return [{**dict(zip(by, key, strict=True)), **total} for key, total in groups.items()]


def clocks(f: Filters) -> list[dict]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for fact in _facts(f):
        for clock, (met, breached) in fact.clocks.items():
            totals[clock][0] += met
            totals[clock][1] += breached
    return [{"clock": c, "met": m, "breached": b} for c, (m, b) in totals.items()]


def agents(f: Filters) -> list[dict]:
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact in _facts(f):
        if fact.assignee_id is not None:
            t = totals[fact.assignee_id]
            t["assigned"] += 1
            if fact.resolved:
                t["resolved"] += 1
                if fact.resolve_bucket is not None:
                    t[f"handle_h{fact.resolve_bucket}"] += 1
        for agent, n in fact.replies.items():
            totals[agent]["replies"] += n
    return [
        {"agent": a, "assigned": 0, "resolved": 0, "replies": 0, **t} for a, t in totals.items()
    ]


def shop_names(ids: list) -> dict:
    return dict(Merchant.objects.filter(pk__in=ids).values_list("pk", "shop_name"))


def team_names(ids: list) -> dict:
    return dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))


def user_names(ids: list) -> dict:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}
