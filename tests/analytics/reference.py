"""The figures computed directly from the raw rows, complaint by complaint, with none of
``tousu.analytics``'s code: what the rollups must add up to."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from django.utils import timezone

from tousu.accounts.models import PLATFORM_ROLES
from tousu.adjudication.models import Feedback
from tousu.analytics.figures import Filters, pct, stars
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.complaints.workflow import TERMINAL
from tousu.sla import config
from tousu.sla.models import Deadline
from tousu.sla.worktime import working_time_between


def cohort(f: Filters) -> list[Complaint]:
    out = []
    for c in Complaint.objects.order_by("pk"):
        if not f.start <= timezone.localdate(c.created_at) < f.end:
            continue
        if f.channel and c.channel != f.channel:
            continue
        if f.category and c.category != f.category:
            continue
        if f.merchant_id is not None and c.merchant_id != f.merchant_id:
            continue
        if f.team_id is not None and c.team_id != f.team_id:
            continue
        out.append(c)
    return out


def minutes(earlier, later) -> int:
    calendar = config.current().calendar("office")
    return int(working_time_between(earlier, later, calendar).total_seconds() // 60)


def describe(c: Complaint) -> dict:
    events = list(ComplaintEvent.objects.filter(complaint=c))
    runs = list(Deadline.objects.filter(complaint=c))
    rating = Feedback.objects.filter(complaint=c).first()
    where = [
        ((e.data or {}).get("escalation") or {}).get("where")
        for e in events
        if e.kind == "external"
    ]
    replied = any(
        e.transition in ("merchant_agree", "merchant_offer", "merchant_reject")
        and e.actor_role == "merchant"
        for e in events
    )
    return {
        "c": c,
        "valid": c.status != "not_accepted",
        "acknowledged": c.acknowledged_at is not None,
        "ack_minutes": minutes(c.created_at, c.acknowledged_at) if c.acknowledged_at else None,
        "resolved": c.status in TERMINAL,
        "resolve_minutes": minutes(c.created_at, c.closed_at) if c.status in TERMINAL else None,
        "completed": c.status == "closed",
        "reopened": any(e.transition == "reopen" for e in events),
        "to_12315": any(w in ("12315_online", "12315_phone") for w in where),
        "to_black_cat": "blackcat" in where,
        "urged": any(e.kind == "urged" for e in events),
        "rated": rating is not None,
        "stars": rating.overall if rating else 0,
        "not_accepted": rating is not None and not rating.accepted,
        "replied": replied,
        "on_time": replied
        and any(r.clock == "merchant_response" and r.state == "met" for r in runs),
        "breached": any(r.state == "breached" for r in runs),
        "runs": [(r.clock, r.state) for r in runs if r.state in ("met", "breached")],
        "replies": Counter(
            e.actor_id
            for e in events
            if e.kind == "message" and not e.internal and e.actor_role in PLATFORM_ROLES
        ),
    }


def exact_quantile(values: list[int], q: float) -> int | None:
    """The order statistic at rank ceil(q·n) (1-based), the one a histogram's bucket holds."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def rates(ds: list[dict]) -> dict:
    filed = len(ds)
    rated = sum(d["rated"] for d in ds)
    return {
        "filed": filed,
        "acknowledged": sum(d["acknowledged"] for d in ds),
        "resolved": sum(d["resolved"] for d in ds),
        "breach_rate": pct(sum(d["breached"] for d in ds), filed),
        "reopen_rate": pct(sum(d["reopened"] for d in ds), filed),
        "rate_12315": pct(sum(d["to_12315"] for d in ds), filed),
        "black_cat_rate": pct(sum(d["to_black_cat"] for d in ds), filed),
        "satisfaction": stars(sum(d["stars"] for d in ds), rated),
        "not_accepted_share": pct(sum(d["not_accepted"] for d in ds), rated),
        "urging_rate": pct(sum(d["urged"] for d in ds), filed),
    }


def durations(ds: list[dict], key: str) -> list[int]:
    return [d[key] for d in ds if d[key] is not None]


def grouped(ds: list[dict], attribute: str) -> dict:
    groups = defaultdict(list)
    for d in ds:
        groups[getattr(d["c"], attribute)].append(d)
    return groups


def expected(f: Filters) -> dict:
    ds = [describe(c) for c in cohort(f)]
    clocks: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in ds:
        for clock, state in d["runs"]:
            clocks[clock][0 if state == "met" else 1] += 1
    agents: dict[int, dict] = defaultdict(
        lambda: {"assigned": 0, "resolved": 0, "replies": 0, "handling": []}
    )
    for d in ds:
        c = d["c"]
        if c.assignee_id:
            agents[c.assignee_id]["assigned"] += 1
            if d["resolved"]:
                agents[c.assignee_id]["resolved"] += 1
                agents[c.assignee_id]["handling"].append(d["resolve_minutes"])
        for agent, n in d["replies"].items():
            agents[agent]["replies"] += n
    shops = {}
    for merchant_id, group in grouped(ds, "merchant_id").items():
        valid = [d for d in group if d["valid"]]
        if merchant_id is None or not valid:
            continue
        shops[merchant_id] = {
            "valid": len(valid),
            "reply_rate": pct(sum(d["replied"] for d in valid), len(valid)),
            "on_time_rate": pct(sum(d["on_time"] for d in valid), len(valid)),
            "completion_rate": pct(sum(d["completed"] for d in valid), len(valid)),
            "satisfaction": stars(sum(d["stars"] for d in valid), sum(d["rated"] for d in valid)),
        }
    volume = Counter(timezone.localdate(d["c"].created_at) for d in ds)
    resolved = Counter(timezone.localdate(d["c"].created_at) for d in ds if d["resolved"])
    return {
        "summary": rates(ds),
        "ack": durations(ds, "ack_minutes"),
        "resolve": durations(ds, "resolve_minutes"),
        "by_channel": {k: rates(v) for k, v in grouped(ds, "channel").items()},
        "by_category": {k: rates(v) for k, v in grouped(ds, "category").items()},
        "by_shop": {k: rates(v) for k, v in grouped(ds, "merchant_id").items()},
        "by_team": {k: rates(v) for k, v in grouped(ds, "team_id").items()},
        "clocks": dict(clocks),
        "agents": dict(agents),
        "shops": shops,
        "volume": volume,
        "volume_resolved": resolved,
    }
