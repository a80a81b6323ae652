"""Keeping the figures' derived tables in step with the complaints (docs/analytics.md).

Two steps, the same for the worker's rounds and for a rebuild:

1. ``store_facts``: a changed complaint's facts (``facts.facts_for``) replace its rows in
   ``ComplaintFact``, ``ClockFact`` and ``AgentFact``.
2. ``roll_days``: every rollup row of the filing days those complaints belong to is deleted
   and summed again from the facts of those days, at every level (``models.LEVELS``), in one
   transaction: a day's rows are always a complete sum, never half updated.

``refresh`` (the worker job) finds the changed complaints from a watermark: the timeline
events and ratings written since it last ran (ids, which only grow), and the complaints
the deadline sweep marked (``Touched``, for a breach that only sent a notice). An id is
taken in only once every write that could have got a lower one has committed:
``TOUSU_ANALYTICS_SETTLE_SECONDS`` after it was written. ``rebuild`` recomputes everything
(or everything filed since a day) from the complaints. Neither ever writes a complaint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from tousu.adjudication.models import Feedback
from tousu.analytics import facts as facts_module
from tousu.analytics import ladder
from tousu.analytics.facts import Fact
from tousu.analytics.models import (
    CUBE_COUNTS,
    LEVELS,
    AgentFact,
    ClockFact,
    ComplaintFact,
    DailyAgent,
    DailyClock,
    DailyFigures,
    Touched,
    Watermark,
)
from tousu.analytics.worktime import Minutes
from tousu.complaints.models import Complaint, ComplaintEvent

INSERT_BATCH = 2000
# Days rolled up per statement in a rebuild.
DAYS_PER_ROLL = 31


# --- facts --------------------------------------------------------------------------------


def _dims(fact: Fact) -> dict:
    return {
        "day": fact.day,
        "channel": fact.channel,
        "category": fact.category,
        "merchant_id": fact.merchant_id,
        "team_id": fact.team_id,
    }


def _rows(facts: list[Fact]) -> tuple[list[ComplaintFact], list[ClockFact], list[AgentFact]]:
    complaints, clocks, agents = [], [], []
    for fact in facts:
        dims = _dims(fact)
        complaints.append(
            ComplaintFact(
                complaint_id=fact.complaint_id,
                assignee_id=fact.assignee_id,
                stars=fact.stars,
                ack_bucket=fact.ack_bucket,
                resolve_bucket=fact.resolve_bucket,
                **{name: int(getattr(fact, name)) for name in CUBE_COUNTS},
                **dims,
            )
        )
        for clock, (met, breached) in fact.clocks.items():
            clocks.append(
                ClockFact(
                    complaint_id=fact.complaint_id, clock=clock, met=met, breached=breached, **dims
                )
            )
        replies = dict(fact.replies)
        if fact.assignee_id is not None:
            agents.append(
                AgentFact(
                    complaint_id=fact.complaint_id,
                    agent_id=fact.assignee_id,
                    assigned=1,
                    resolved=int(fact.resolved),
                    handle_bucket=fact.resolve_bucket if fact.resolved else None,
                    replies=replies.pop(fact.assignee_id, 0),
                    **dims,
                )
            )
        for agent_id, n in sorted(replies.items()):
            agents.append(
                AgentFact(complaint_id=fact.complaint_id, agent_id=agent_id, replies=n, **dims)
            )
    return complaints, clocks, agents


def store_facts(complaint_ids: Iterable[int], minutes: Minutes | None = None) -> set[date]:
    """Replace the facts of these complaints (inside the caller's transaction); returns the
    filing days whose rollups must be summed again (old days included, should a complaint be
    gone)."""
    ids = sorted(set(complaint_ids))
    if not ids:
        return set()
    days = set(ComplaintFact.objects.filter(complaint_id__in=ids).values_list("day", flat=True))
    facts = facts_module.facts_for(ids, minutes)
    complaints, clocks, agents = _rows(facts)
    ComplaintFact.objects.filter(complaint_id__in=ids).delete()
    ClockFact.objects.filter(complaint_id__in=ids).delete()
    AgentFact.objects.filter(complaint_id__in=ids).delete()
    ComplaintFact.objects.bulk_create(complaints, batch_size=INSERT_BATCH)
    ClockFact.objects.bulk_create(clocks, batch_size=INSERT_BATCH)
    AgentFact.objects.bulk_create(agents, batch_size=INSERT_BATCH)
    return days | {fact.day for fact in facts}


# --- rollups ------------------------------------------------------------------------------


def _histogram(prefix: str, field: str) -> dict[str, str]:
    return {
        f"{prefix}{i}": f"SUM(CASE WHEN {field} = {i} THEN 1 ELSE 0 END)"
        for i in range(ladder.BUCKETS)
    }


# Each rollup column and the SQL expression over the facts that sums it.
CUBE_SUMS = {
    "filed": "COUNT(*)",
    "stars": "SUM(stars)",
    **{name: f"SUM({name})" for name in CUBE_COUNTS},
    **_histogram("ack_h", "ack_bucket"),
    **_histogram("res_h", "resolve_bucket"),
}
CLOCK_SUMS = {"met": "SUM(met)", "breached": "SUM(breached)"}
AGENT_SUMS = {
    "assigned": "SUM(assigned)",
    "resolved": "SUM(resolved)",
    "replies": "SUM(replies)",
    **_histogram("handle_h", "handle_bucket"),
}
# rollup model, facts model, the rollup's own keys besides the dimensions, its sums
ROLLUPS = (
    (DailyFigures, ComplaintFact, ("day",), CUBE_SUMS),
    (DailyClock, ClockFact, ("day", "clock"), CLOCK_SUMS),
    (DailyAgent, AgentFact, ("day", "agent_id"), AGENT_SUMS),
)
BLANK = {"channel": "''", "category": "''", "merchant_id": "NULL", "team_id": "NULL"}


def _roll_sql(
    rollup, source, keys: tuple[str, ...], sums: dict[str, str], level: int, n_days: int
) -> str:
    """INSERT … SELECT of one level of one rollup for ``n_days`` days, summed in the database
    (no row passes through Python: a month of the full level is some hundred thousand rows)."""
    quote = connection.ops.quote_name
    kept = LEVELS[level]
    columns = [*keys, "level", *BLANK, *sums]
    values = [
        *(quote(k) for k in keys),
        str(level),
        *(quote(d) if d in kept else BLANK[d] for d in BLANK),
        *sums.values(),
    ]
    group = [*(quote(k) for k in keys), *(quote(d) for d in kept)]
    marks = ", ".join(["%s"] * n_days)
    return (
        f"INSERT INTO {quote(rollup._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM {quote(source._meta.db_table)} "
        f"WHERE {quote('day')} IN ({marks}) GROUP BY {', '.join(group)}"
    )


def roll_days(days: Iterable[date]) -> int:
    """Sum the rollups of ``days`` again from the facts, every level (inside the caller's
    transaction); returns the rollup rows written."""
    days = sorted(set(days))
    if not days:
        return 0
    params = [connection.ops.adapt_datefield_value(day) for day in days]
    written = 0
    with connection.cursor() as cursor:
        for rollup, source, keys, sums in ROLLUPS:
            rollup.objects.filter(day__in=days).delete()
            for level in LEVELS:
                cursor.execute(_roll_sql(rollup, source, keys, sums, level, len(days)), params)
                written += max(cursor.rowcount, 0)
    return written


# --- the watermark ------------------------------------------------------------------------


def _locked_watermark(wait: bool) -> Watermark | None:
    """The watermark row, locked for this transaction; None if another worker holds it
    (``wait`` False). On SQLite the IMMEDIATE transaction already serialises writers."""
    Watermark.objects.get_or_create(pk=1)
    rows = Watermark.objects.filter(pk=1)
    if connection.features.has_select_for_update:
        if not wait and connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        else:
            rows = rows.select_for_update()
    return rows.first()


def settle_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.TOUSU_ANALYTICS_SETTLE_SECONDS)


def _settled(rows, after: int, cutoff: datetime, limit: int) -> list[tuple[int, int]]:
    """(id, complaint id) of rows after ``after`` in id order, up to the first one written
    after ``cutoff`` (a lower id may still be uncommitted until then)."""
    out = []
    for pk, complaint_id, created in (
        rows.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", "complaint_id", "created_at")[:limit]
    ):
        if created > cutoff:
            break
        out.append((pk, complaint_id))
    return out


def _take(pairs: list[tuple[int, int]], ids: set[int], limit: int, mark: int) -> int:
    """Add the complaints of ``pairs`` to ``ids`` up to ``limit`` complaints; returns the new mark."""
    for pk, complaint_id in pairs:
        if complaint_id not in ids and len(ids) >= limit:
            break
        ids.add(complaint_id)
        mark = pk
    return mark


def refresh(limit: int = 100, now: datetime | None = None) -> int:
    """One worker round: take in up to ``limit`` changed complaints; returns how many."""
    limit = max(1, limit)
    now = now or timezone.now()
    cutoff = settle_cutoff(now)
    pause = timedelta(seconds=settings.TOUSU_ANALYTICS_INTERVAL_SECONDS)
    with transaction.atomic():
        mark = _locked_watermark(wait=False)
        if mark is None:
            return 0  # another worker is refreshing
        if not mark.behind and mark.refreshed_at and now < mark.refreshed_at + pause:
            # Caught up a moment ago: summing a day again costs the same for one change as
            # for a hundred, so the changes are left to gather (docs/analytics.md).
            return 0
        ids: set[int] = set()
        touched = list(Touched.objects.order_by("pk").values_list("pk", flat=True)[:limit])
        ids.update(touched)
        window = limit * settings.TOUSU_ANALYTICS_EVENTS_PER_COMPLAINT
        event_id = _take(
            _settled(ComplaintEvent.objects.all(), mark.event_id, cutoff, window),
            ids,
            limit,
            mark.event_id,
        )
        feedback_id = _take(
            _settled(Feedback.objects.all(), mark.feedback_id, cutoff, window),
            ids,
            limit,
            mark.feedback_id,
        )
        if not ids:
            return 0
        days = store_facts(ids)
        roll_days(days)
        Touched.objects.filter(pk__in=touched).delete()
        Watermark.objects.filter(pk=1).update(
            event_id=event_id,
            feedback_id=feedback_id,
            refreshed_at=now,
            behind=len(ids) >= limit,
        )
    return len(ids)


def on_breached(event) -> None:
    """Subscribed to ``sla.events.Breached`` (in the sweep's transaction): the complaint's
    figures changed; the next round takes it in."""
    Touched.objects.bulk_create(
        [Touched(complaint_id=event.deadline.complaint_id)], ignore_conflicts=True
    )


# --- rebuild ------------------------------------------------------------------------------


def _last_settled(model, cutoff: datetime) -> int:
    """The id the rounds may go on from after reading everything now: just below the first
    row written after ``cutoff`` (the rounds' own rule, ``_settled``), else the last id.
    One scan of the table's dates: a rebuild's cost, not a round's."""
    first_unsettled = model.objects.filter(created_at__gt=cutoff).aggregate(low=Min("pk"))["low"]
    if first_unsettled is not None:
        return first_unsettled - 1
    return model.objects.aggregate(top=Max("pk"))["top"] or 0


def rebuild(
    since: date | None = None,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Recompute the facts of every complaint filed on or after ``since`` (all: None) and
    every rollup row of those days; returns (complaints, rollup rows written).

    Idempotent; safe while the worker runs (each batch takes the watermark's lock). The
    dashboard keeps showing the old rollups until the last step replaces them.
    """
    cutoff = settle_cutoff()
    # Breaches marked before the complaints are read are covered by this rebuild.
    touched = list(Touched.objects.values_list("pk", flat=True)) if since is None else []
    event_mark = _last_settled(ComplaintEvent, cutoff) if since is None else 0
    feedback_mark = _last_settled(Feedback, cutoff) if since is None else 0
    complaints = Complaint.objects.all()
    stale = ComplaintFact.objects.all()
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time()))
        complaints = complaints.filter(created_at__gte=start)
        stale = stale.filter(day__gte=since)
    minutes = facts_module.working_minutes()
    done, after = 0, 0
    days: set[date] = set()
    while True:
        ids = list(
            complaints.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        with transaction.atomic():
            _locked_watermark(wait=True)
            days |= store_facts(ids, minutes)
        done += len(ids)
        after = ids[-1]
        if progress:
            progress(done)
    with transaction.atomic():
        _locked_watermark(wait=True)
        gone = stale.exclude(complaint_id__in=complaints.values("pk"))
        gone_ids = list(gone.values_list("complaint_id", flat=True))
        days |= set(gone.values_list("day", flat=True).distinct())
        for model in (ComplaintFact, ClockFact, AgentFact):
            model.objects.filter(complaint_id__in=gone_ids).delete()
    rolled_days = days | set(
        DailyFigures.objects.filter(**({"day__gte": since} if since else {}))
        .values_list("day", flat=True)
        .distinct()
    )
    ordered = sorted(rolled_days)
    written = 0
    for i in range(0, len(ordered), DAYS_PER_ROLL):
        with transaction.atomic():
            _locked_watermark(wait=True)
            written += roll_days(ordered[i : i + DAYS_PER_ROLL])
    with transaction.atomic():
        mark = _locked_watermark(wait=True)
        assert mark is not None
        changes: dict = {"rebuilt_at": timezone.now()}
        if since is None:
            # Everything was read after these ids settled: the rounds go on from there. (After
            # a partial rebuild they must not: older complaints may have changes to take in.)
            changes["event_id"] = max(mark.event_id, event_mark)
            changes["feedback_id"] = max(mark.feedback_id, feedback_mark)
            Touched.objects.filter(pk__in=touched).delete()
        Watermark.objects.filter(pk=1).update(**changes)
    return done, written
