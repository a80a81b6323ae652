"""A complaint's deadlines: start, pause, resume, end and recompute its clocks.

``on_status_changed`` runs inside the transaction of every change of status (it
subscribes to ``tousu.complaints.events.StatusChanged``), so deadlines always agree with
the status they belong to. A deadline that needs a year without a holiday schedule is stored as
``unknown`` with no ``due_at``, flagged on the complaint's timeline and to the
supervisors: it is never guessed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from tousu.complaints import events
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.models import OPEN_Q, Complaint, ComplaintEvent
from tousu.complaints.workflow import SYSTEM
from tousu.sla import clocks, config, policies
from tousu.sla.calendars import CalendarNotFound
from tousu.sla.events import NotComputed
from tousu.sla.models import ClockRule, Deadline, DeadlineState, ScheduleYear, rule_duration
from tousu.sla.worktime import (
    Calendar,
    Duration,
    ScheduleUnknown,
    Unit,
    add,
    add_working_time,
    working_time_between,
)

St = DeadlineState
CALENDAR_UNITS = frozenset({Unit.CALENDAR_DAYS, Unit.CALENDAR_HOURS})
# Calendar-time durations never look at a calendar; this one stands in for them.
_CALENDAR_TIME = Calendar("calendar-time", time(0), time(23, 59))


class Calendars:
    """The SLA configuration (``tousu.sla.config``), asked for at most once per operation
    and only when a deadline needs a calendar or a rule."""

    def __init__(self) -> None:
        self._config: config.Config | None = None

    def config(self) -> config.Config:
        if self._config is None:
            self._config = config.current()
        return self._config

    def for_deadline(self, deadline: Deadline) -> Calendar:
        if Duration.parse(deadline.duration).unit in CALENDAR_UNITS:
            return _CALENDAR_TIME
        return self.config().calendar(deadline.calendar)


def _due(deadline: Deadline, calendars: Calendars) -> datetime:
    """When the run ends if it keeps counting from ``counting_from``. May raise ScheduleUnknown."""
    duration = Duration.parse(deadline.duration)
    calendar = calendars.for_deadline(deadline)
    if deadline.remaining_seconds is None:
        return add(deadline.counting_from, duration, calendar)
    left = timedelta(seconds=deadline.remaining_seconds)
    if duration.unit in CALENDAR_UNITS:
        return deadline.counting_from + left
    return add_working_time(deadline.counting_from, left, calendar)


def _remaining(deadline: Deadline, now: datetime, calendars: Calendars) -> int:
    """Seconds of the clock's own time (working time for h/d) left at ``now``."""
    if deadline.due_at <= now:
        return 0
    if Duration.parse(deadline.duration).unit in CALENDAR_UNITS:
        return int((deadline.due_at - now).total_seconds())
    return int(
        working_time_between(now, deadline.due_at, calendars.for_deadline(deadline)).total_seconds()
    )


def _remind_at(due: datetime, lead_minutes: int | None, now: datetime) -> datetime | None:
    if not lead_minutes:
        return None
    at = due - timedelta(minutes=lead_minutes)
    return at if at > now else None


def _lead_minutes(deadline: Deadline) -> int | None:
    """The rule's reminder; a party's own window without one gets the consumer's reminder
    (TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS; the sweep sends it when the window is the consumer's)."""
    if deadline.remind_before_minutes or deadline.clock not in clocks.PARTY_WINDOWS:
        return deadline.remind_before_minutes
    return settings.TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS * 60 or None


def _compute(deadline: Deadline, now: datetime, calendars: Calendars) -> None:
    """Set state, due_at and remind_at of a counting run, or mark it unknown."""
    deadline.computed_at = now
    try:
        due = _due(deadline, calendars)
    except (ScheduleUnknown, CalendarNotFound) as problem:
        deadline.state, deadline.due_at, deadline.remind_at = St.UNKNOWN, None, None
        deadline.unknown_year = getattr(problem, "year", None)
        return
    deadline.state, deadline.due_at, deadline.unknown_year = St.ACTIVE, due, None
    deadline.remind_at = _remind_at(due, _lead_minutes(deadline), now)


def _should_pause(deadline: Deadline, status: str) -> bool:
    # The consumer's own windows and the regulator's clock never pause (clocks.ever_pauses).
    return deadline.pauses and clocks.paused_in(status) and clocks.ever_pauses(deadline.clock)


def _pause(deadline: Deadline, now: datetime, calendars: Calendars) -> None:
    try:
        left = _remaining(deadline, now, calendars)
    except (ScheduleUnknown, CalendarNotFound):
        return  # keep running; the sweep handles it when due
    deadline.state, deadline.due_at, deadline.remind_at = St.PAUSED, None, None
    deadline.remaining_seconds, deadline.counting_from, deadline.computed_at = left, None, now


FIELDS = [
    "state",
    "due_at",
    "remind_at",
    "counting_from",
    "remaining_seconds",
    "unknown_year",
    "computed_at",
]
RULE_FIELDS = ["rule", "duration", "calendar", "pauses", "breach_action", "remind_before_minutes"]


def _copy_rule(deadline: Deadline, rule: ClockRule) -> None:
    deadline.rule = rule
    deadline.duration, deadline.calendar = rule_duration(rule), rule.calendar
    deadline.pauses, deadline.breach_action = (
        rule.pauses_while_waiting_on_consumer,
        rule.breach_action,
    )
    deadline.remind_before_minutes = rule.remind_before_minutes


def _rule_changed(deadline: Deadline, rule: ClockRule) -> bool:
    return (
        deadline.rule_id,
        deadline.duration,
        deadline.calendar,
        deadline.pauses,
        deadline.breach_action,
        deadline.remind_before_minutes,
    ) != (
        rule.pk,
        rule_duration(rule),
        rule.calendar,
        rule.pauses_while_waiting_on_consumer,
        rule.breach_action,
        rule.remind_before_minutes,
    )


def _save(deadline: Deadline, fields: list[str], was_unknown: bool) -> None:
    # Conditional on the run still being open: a concurrent end wins.
    Deadline.objects.filter(pk=deadline.pk, ended_at__isnull=True).update(
        **{
            f if f != "rule" else "rule_id": getattr(deadline, f if f != "rule" else "rule_id")
            for f in fields
        }
    )
    if deadline.state == St.UNKNOWN and not was_unknown:
        flag_unknown(deadline)


def flag_unknown(deadline: Deadline) -> None:
    """An internal timeline entry and a notice to the supervisors: this deadline is not computed."""
    ComplaintEvent.objects.create(
        complaint_id=deadline.complaint_id,
        kind=EventKind.NOTE,
        actor=None,
        actor_role=SYSTEM,
        channel=Channel.SYSTEM,
        internal=True,
        data={"sla": "unknown", "clock": deadline.clock, "year": deadline.unknown_year},
    )
    events.publish(NotComputed(deadline))


def _end(deadline: Deadline, now: datetime) -> None:
    state = deadline.state if deadline.state in (St.BREACHED, St.UNKNOWN) else St.MET
    Deadline.objects.filter(pk=deadline.pk, ended_at__isnull=True).update(
        ended_at=now, state=state, remind_at=None, lease_until=None
    )


def _new(
    complaint: Complaint,
    clock: str,
    rule: ClockRule,
    now: datetime,
    calendars: Calendars,
    status: str,
) -> Deadline:
    """A run of ``clock`` starting ``now`` in ``status``, computed but not saved."""
    deadline = Deadline(
        complaint=complaint, clock=clock, started_at=now, counting_from=now, computed_at=now
    )
    _copy_rule(deadline, rule)
    _compute(deadline, now, calendars)
    if deadline.state == St.ACTIVE and _should_pause(deadline, status):
        _pause(deadline, now, calendars)
    return deadline


def _start(
    complaint: Complaint, clock: str, rule: ClockRule, now: datetime, calendars: Calendars
) -> Deadline:
    deadline = _new(complaint, clock, rule, now, calendars, complaint.status)
    deadline.save()
    if deadline.state == St.UNKNOWN:
        flag_unknown(deadline)
    return deadline


def _follow(deadline: Deadline, status: str, now: datetime, calendars: Calendars) -> bool:
    """Pause a live run in a status that waits on the consumer, resume it out of one.
    True if it changed."""
    pause = _should_pause(deadline, status)
    if deadline.state == St.ACTIVE and pause:
        _pause(deadline, now, calendars)
        return True
    if deadline.state == St.PAUSED and not pause:
        deadline.counting_from = now
        _compute(deadline, now, calendars)
        return True
    return False


def sync(
    complaint: Complaint,
    now: datetime,
    *,
    refresh: bool = False,
    entered_from: str | None = None,
) -> None:
    """Bring the complaint's clocks in line with its status (and, with ``refresh``, its policies).

    ``entered_from``: the status just left, for the clocks that start only on some entries.
    A complaint being filed gets its clocks from ``start_filed``.
    """
    status = complaint.status
    live = {
        d.clock: d
        for d in Deadline.objects.filter(complaint_id=complaint.pk, ended_at__isnull=True)
    }
    wanted = {
        clock
        for clock in clocks.clocks_for(status, complaint.demand)
        if clock in live or clocks.may_start(clock, entered_from)
    }
    for clock, deadline in live.items():
        if clock not in wanted:
            _end(deadline, now)
    calendars = Calendars()
    rules = (
        policies.rules_for(complaint, calendars.config()) if refresh or wanted - live.keys() else {}
    )
    running: list[Deadline] = []  # the runs left running, for next_due_at
    for clock in sorted(wanted):
        deadline = live.get(clock)
        if deadline is None:
            if clock in rules:
                running.append(_start(complaint, clock, rules[clock], now, calendars))
            continue
        running.append(deadline)
        if deadline.state in (St.BREACHED, St.CLAIMED):
            continue  # already fired, or being fired by a worker
        was_unknown = deadline.state == St.UNKNOWN
        fields = list(FIELDS)
        if refresh:
            rule = rules.get(clock)
            if rule is None:
                _end(deadline, now)
                running.remove(deadline)
                continue
            if _rule_changed(deadline, rule):
                _copy_rule(deadline, rule)
                fields += RULE_FIELDS
                if deadline.state in (St.ACTIVE, St.UNKNOWN) and deadline.remaining_seconds is None:
                    _compute(
                        deadline, now, calendars
                    )  # a run never paused: count again from its start
        if not _follow(deadline, status, now, calendars) and not (refresh and fields != FIELDS):
            continue
        _save(deadline, fields, was_unknown)
    _set_next_due(complaint, min((d.due_at for d in running if d.due_at), default=None))


def _set_next_due(complaint: Complaint, due: datetime | None) -> None:
    # Written only when it changed: a filing's second status change often leaves it as it was.
    if complaint.next_due_at != due:
        Complaint.objects.filter(pk=complaint.pk).update(next_due_at=due)
        complaint.next_due_at = due


def refresh_next_due(complaint: Complaint) -> None:
    """Copy the earliest due time of the complaint's running clocks onto it (``next_due_at``),
    for the desk's deadline sort and filters. Runs in the caller's transaction (``sync``
    computes the same from the runs it holds)."""
    due = Deadline.objects.filter(
        complaint_id=complaint.pk, ended_at__isnull=True, due_at__isnull=False
    ).aggregate(first=Min("due_at"))["first"]
    _set_next_due(complaint, due)


def on_status_changed(event: events.StatusChanged) -> None:
    """Every change of status, in its transaction (``old`` is None at filing)."""
    if event.old is None:
        start_filed(event.complaint, event.path())
    else:
        sync(event.complaint, event.at, entered_from=event.old)


def _end_unsaved(deadline: Deadline, now: datetime) -> None:
    """``_end`` for a run not written yet."""
    if deadline.state not in (St.BREACHED, St.UNKNOWN):
        deadline.state = St.MET
    deadline.ended_at, deadline.remind_at, deadline.lease_until = now, None, None


def start_filed(complaint: Complaint, path: list[tuple[str | None, str, datetime]]) -> None:
    """The clocks of a complaint being filed, along ``path`` (``(entered_from, status, at)``
    for each status the filing went through: received, then the system's acknowledgement
    when the channel takes it at once).

    The same runs as ``sync`` once per status would write — a run ended on the way (the
    acknowledgement clock) is stored ended — but computed in memory with the configuration
    read once, and written in one INSERT with one update of ``next_due_at``
    (docs/benchmarks.md, "Intake").
    """
    calendars = Calendars()
    rules = policies.rules_for(complaint, calendars.config())
    live: dict[str, Deadline] = {}
    rows: list[Deadline] = []  # every run, in the order they started
    for entered_from, status, at in path:
        wanted = {
            clock
            for clock in clocks.clocks_for(status, complaint.demand)
            if clock in live or clocks.may_start(clock, entered_from)
        }
        for clock in [c for c in live if c not in wanted]:
            _end_unsaved(live.pop(clock), at)
        for clock in sorted(wanted):
            deadline = live.get(clock)
            if deadline is not None:
                _follow(deadline, status, at, calendars)
            elif clock in rules:
                live[clock] = _new(complaint, clock, rules[clock], at, calendars, status)
                rows.append(live[clock])
    Deadline.objects.bulk_create(rows)
    for deadline in rows:
        if deadline.state == St.UNKNOWN:
            flag_unknown(deadline)
    _set_next_due(complaint, min((d.due_at for d in live.values() if d.due_at), default=None))


def on_reclassified(event: events.PriorityChanged | events.CategoryChanged) -> None:
    """Policies may match on priority and category: re-read them."""
    recompute(event.complaint, event.at)


def count_from(complaint: Complaint, clock: str, start: datetime, now: datetime) -> None:
    """Count the live run of ``clock`` from ``start`` instead of the filing.

    For a case received elsewhere before it was filed here (``tousu.external``: 12315
    forwards a complaint, the settlement deadline runs from its receipt). Only a run
    never paused is moved; a start in the future is ignored.
    """
    if start >= now:
        return
    deadline = Deadline.objects.filter(
        complaint_id=complaint.pk, clock=clock, ended_at__isnull=True
    ).first()
    if (
        deadline is None
        or deadline.remaining_seconds is not None
        or deadline.state not in (St.ACTIVE, St.UNKNOWN)
    ):
        return
    was_unknown = deadline.state == St.UNKNOWN
    deadline.started_at = deadline.counting_from = start
    _compute(deadline, now, Calendars())
    _save(deadline, [*FIELDS, "started_at"], was_unknown)
    refresh_next_due(complaint)


def recompute(complaint: Complaint, now: datetime) -> None:
    """Re-read the policies for this complaint (its priority or a policy changed)."""
    sync(complaint, now, refresh=True)


def recompute_open(queryset=None, now: datetime | None = None, batch: int = 500) -> int:
    """Recompute every open complaint in ``queryset`` (after a policy edit). Returns how many."""
    now = now or timezone.now()
    queryset = (
        (queryset if queryset is not None else Complaint.objects.all())
        .filter(OPEN_Q)
        .order_by("pk")
    )
    done, last = 0, 0
    while True:
        ids = list(queryset.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            return done
        for pk in ids:
            with transaction.atomic():
                complaint = Complaint.objects.select_for_update().get(pk=pk)
                recompute(complaint, now)
        done, last = done + len(ids), ids[-1]


def retry_unknown(now: datetime, limit: int = 100) -> int:
    """Try again the unknown deadlines older than the last change to the holiday schedule."""
    latest = ScheduleYear.objects.aggregate(latest=Max("updated_at"))["latest"]
    if latest is None:
        return 0
    ids = list(
        Deadline.objects.filter(
            state=St.UNKNOWN, ended_at__isnull=True, computed_at__lt=latest
        ).values_list("pk", "complaint_id")[:limit]
    )
    calendars = Calendars()
    for pk, complaint_id in ids:
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
            deadline = Deadline.objects.filter(
                pk=pk, state=St.UNKNOWN, ended_at__isnull=True
            ).first()
            if deadline is None:
                continue
            _compute(deadline, now, calendars)
            if deadline.state == St.ACTIVE and _should_pause(deadline, complaint.status):
                _pause(deadline, now, calendars)
            _save(deadline, FIELDS, was_unknown=True)
            refresh_next_due(complaint)
    return len(ids)
