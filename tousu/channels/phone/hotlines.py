"""Which lines exist and whether they are open, from the working-time calendar engine (tousu.sla)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tousu.channels.phone.models import Audience, Hotline
from tousu.sla.calendars import CalendarNotFound, load_calendar, load_schedule
from tousu.sla.worktime import Calendar, ScheduleUnknown, add_working_time, in_shanghai

_TICK = timedelta(seconds=1)


@dataclass(frozen=True)
class LineStatus:
    hotline: Hotline
    open_now: bool
    opens: object  # time of day
    closes: object
    every_day: bool
    next_opening: datetime | None  # when closed: the next opening; None if unknown
    closes_at: datetime | None  # when open: today's closing


def calendar_for(hotline: Hotline, schedule=None) -> Calendar:
    return load_calendar(hotline.calendar, schedule)


def is_open(calendar: Calendar, now: datetime) -> bool:
    now = in_shanghai(now)
    return calendar.is_working_day(now.date()) and calendar.opening(
        now.date()
    ) <= now < calendar.closing(now.date())


def next_opening(calendar: Calendar, now: datetime) -> datetime:
    """The next moment the line opens (``now`` itself when open). May raise ScheduleUnknown."""
    # The engine starts counting working time at the next opening: one second of it
    # later, minus that second, is the opening.
    return add_working_time(now, _TICK, calendar) - _TICK


def status(hotline: Hotline, now: datetime, schedule=None) -> LineStatus | None:
    try:
        calendar = calendar_for(hotline, schedule)
    except CalendarNotFound:
        return None
    try:
        open_now = is_open(calendar, now)
        upcoming = None if open_now else next_opening(calendar, now)
    except ScheduleUnknown:
        open_now, upcoming = False, None
    local = in_shanghai(now)
    return LineStatus(
        hotline=hotline,
        open_now=open_now,
        opens=calendar.opens,
        closes=calendar.closes,
        every_day=calendar.every_day,
        next_opening=upcoming,
        closes_at=calendar.closing(local.date()) if open_now else None,
    )


def lines(now: datetime, audience: str | None = None) -> list[LineStatus]:
    """Every active line with its status (one schedule load for all)."""
    qs = Hotline.objects.filter(active=True)
    if audience:
        qs = qs.filter(audience=audience)
    schedule = load_schedule()
    return [s for s in (status(h, now, schedule) for h in qs) if s is not None]


def consumer_line() -> Hotline | None:
    return Hotline.objects.filter(active=True, audience=Audience.CONSUMER).first()


def by_number(e164: str) -> Hotline | None:
    return Hotline.objects.filter(number=e164).first()
