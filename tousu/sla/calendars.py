"""Load working-time calendars from the database into ``tousu.sla.worktime`` objects.

Load once, then compute as many deadlines as needed: the objects hold no connection.
"""

from __future__ import annotations

from datetime import date

from tousu.sla.models import DEFAULT_CALENDAR, DayOverride, DayRule, ScheduleYear, WorkCalendar
from tousu.sla.worktime import Calendar, NationalSchedule


class CalendarNotFound(LookupError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no working-time calendar named {name!r}")


def load_schedule() -> NationalSchedule:
    """The national schedule: library years plus the years administrators marked complete."""
    entered: dict[int, dict[date, tuple[bool, str]]] = {
        year: {}
        for year in ScheduleYear.objects.filter(complete=True).values_list("year", flat=True)
    }
    rows = DayOverride.objects.filter(schedule__complete=True).values_list(
        "schedule__year", "date", "is_working_day", "name"
    )
    for year, day, working, name in rows:
        entered[year][day] = (working, name)
    return NationalSchedule(entered)


def load_calendar(name: str | None = None, schedule: NationalSchedule | None = None) -> Calendar:
    """The calendar called ``name`` (default: the office calendar)."""
    name = name or DEFAULT_CALENDAR
    row = WorkCalendar.objects.filter(name=name).first()
    if row is None:
        raise CalendarNotFound(name)
    return calendar_from_row(row, schedule if schedule is not None else load_schedule())


def calendar_from_row(row: WorkCalendar, schedule: NationalSchedule) -> Calendar:
    return Calendar(
        name=row.name,
        opens=row.opens_at,
        closes=row.closes_at,
        every_day=row.day_rule == DayRule.EVERY_DAY,
        schedule=schedule,
    )
