"""Counting working time on Chinese calendars. Pure Python: no ORM, no settings.

A ``Calendar`` holds everything a computation needs (opening hours, whether it works
every day, the national holiday schedule) so a deadline is computed without a query.
``tousu.sla.calendars.load_calendar`` builds one from the database.

The rules (docs/calendars.md has worked examples):

* ``Nd``, working days: the day of the event never counts (Civil Code Art. 201);
  counting starts the next day, and the deadline is the closing time of the Nth
  working day (Art. 203: where there are business hours, the end of business).
* ``Nh``, working hours: only the calendar's open hours on its working days count; a
  start outside them begins at the next opening. A deadline reached exactly at
  closing time is that closing time, not the next opening.
* ``Ncd``, calendar days: as ``Nd`` but every day counts and the deadline is 24:00
  of the Nth day, written as 00:00 of the day after.
* ``Nch``, calendar hours: exactly N × 60 minutes later.

Every date-time is converted to Asia/Shanghai; naive ones are refused. A computation
that needs a day of a year without a holiday schedule raises ``ScheduleUnknown``;
it never assumes that year has no holidays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)
# A calendar with no working day in this many consecutive days is misconfigured.
MAX_IDLE_DAYS = 400

# date → (is_working_day, holiday name): the days that break the Monday–Friday rule.
SpecialDays = Mapping[date, tuple[bool, str]]


class ScheduleUnknown(Exception):
    """The answer depends on a year with no holiday schedule."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"no holiday schedule for {year}")


def _library_years() -> dict[int, dict[date, tuple[bool, str]]]:
    years: dict[int, dict[date, tuple[bool, str]]] = {}
    for day, name in chinese_calendar.holidays.items():
        years.setdefault(day.year, {})[day] = (False, name)
    for day, name in chinese_calendar.workdays.items():
        years.setdefault(day.year, {})[day] = (True, name)
    first, last = min(years), max(years)
    return {year: years.get(year, {}) for year in range(first, last + 1)}


LIBRARY: Mapping[int, SpecialDays] = MappingProxyType(_library_years())
LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR = min(LIBRARY), max(LIBRARY)


class Source(StrEnum):
    LIBRARY = "library"
    ADMIN = "admin"


@dataclass(frozen=True)
class NationalSchedule:
    """The State Council schedule: the library's years plus complete administrator entries.

    ``entered`` maps a year to its special days; an entered year replaces the
    library's data for that year.
    """

    entered: Mapping[int, SpecialDays] = field(default_factory=dict)

    def source(self, year: int) -> Source | None:
        if year in self.entered:
            return Source.ADMIN
        if year in LIBRARY:
            return Source.LIBRARY
        return None

    def special_days(self, year: int) -> SpecialDays:
        days = self.entered.get(year)
        if days is None:
            days = LIBRARY.get(year)
        if days is None:
            raise ScheduleUnknown(year)
        return days

    def is_working_day(self, day: date) -> bool:
        special = self.special_days(day.year).get(day)
        if special is not None:
            return special[0]
        return day.weekday() < 5


@dataclass(frozen=True)
class Calendar:
    """Working days and opening hours of one team, e.g. the office or the hotline."""

    name: str
    opens: time
    closes: time
    every_day: bool = False
    schedule: NationalSchedule = field(default_factory=NationalSchedule)

    def __post_init__(self) -> None:
        if self.opens >= self.closes:
            raise ValueError(
                f"calendar {self.name}: opens at {self.opens} but closes at {self.closes}"
            )

    def is_working_day(self, day: date) -> bool:
        return self.every_day or self.schedule.is_working_day(day)

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.opens, tzinfo=SHANGHAI)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.closes, tzinfo=SHANGHAI)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for _ in range(MAX_IDLE_DAYS):
            day += ONE_DAY
            if self.is_working_day(day):
                return day
        raise ValueError(
            f"calendar {self.name} has no working day in {MAX_IDLE_DAYS} days after {day}"
        )


class Unit(StrEnum):
    WORKING_DAYS = "d"
    WORKING_HOURS = "h"
    CALENDAR_DAYS = "cd"
    CALENDAR_HOURS = "ch"


DURATION_PATTERN = re.compile(r"^\s*(\d{1,5})\s*(cd|ch|d|h)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Duration:
        """``7d`` working days, ``16h`` working hours, ``7cd`` / ``48ch`` calendar days / hours."""
        match = DURATION_PATTERN.match(text)
        if not match or int(match[1]) < 1:
            raise ValueError(f"not a duration: {text!r} (expected e.g. 7d, 16h, 7cd or 48ch)")
        return cls(int(match[1]), Unit(match[2].lower()))

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.value}"


def in_shanghai(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive date-time {moment.isoformat()}: give a time zone")
    return moment.astimezone(SHANGHAI)


def is_working_day(day: date, calendar: Calendar) -> bool:
    return calendar.is_working_day(day)


def add(start: datetime, duration: Duration | str, calendar: Calendar) -> datetime:
    """The deadline ``duration`` after ``start`` on ``calendar`` (rules in the module docstring)."""
    if isinstance(duration, str):
        duration = Duration.parse(duration)
    start = in_shanghai(start)
    if duration.unit is Unit.WORKING_DAYS:
        return add_working_days(start, duration.amount, calendar)
    if duration.unit is Unit.WORKING_HOURS:
        return add_working_time(start, timedelta(hours=duration.amount), calendar)
    if duration.unit is Unit.CALENDAR_DAYS:
        return datetime.combine(
            start.date() + (duration.amount + 1) * ONE_DAY, time(0), tzinfo=SHANGHAI
        )
    return start + timedelta(hours=duration.amount)


def add_working_days(start: datetime, days: int, calendar: Calendar) -> datetime:
    """Closing time of the ``days``-th working day after the day of ``start``."""
    if days < 1:
        raise ValueError("count at least one working day")
    day = in_shanghai(start).date()
    for _ in range(days):
        day = calendar.next_working_day(day)
    return calendar.closing(day)


def add_working_time(start: datetime, amount: timedelta, calendar: Calendar) -> datetime:
    """The moment when ``amount`` of open hours have passed since ``start``.

    Walks day by day: each working day contributes its open hours after the cursor.
    """
    if amount < timedelta(0):
        raise ValueError("working time to add must not be negative")
    cursor = in_shanghai(start)
    if not amount:
        return cursor
    day = cursor.date()
    if not calendar.is_working_day(day):
        day = calendar.next_working_day(day)
    while True:
        begin = max(cursor, calendar.opening(day))
        available = calendar.closing(day) - begin
        if available > timedelta(0):
            if amount <= available:
                return begin + amount
            amount -= available
        day = calendar.next_working_day(day)


def working_time_between(earlier: datetime, later: datetime, calendar: Calendar) -> timedelta:
    """Open hours on working days between two moments (for clocks that pause)."""
    earlier, later = in_shanghai(earlier), in_shanghai(later)
    if later < earlier:
        raise ValueError("the end lies before the start")
    total = timedelta(0)
    day = earlier.date()
    while day <= later.date():
        if calendar.is_working_day(day):
            begin = max(earlier, calendar.opening(day))
            end = min(later, calendar.closing(day))
            if end > begin:
                total += end - begin
        day += ONE_DAY
    return total
