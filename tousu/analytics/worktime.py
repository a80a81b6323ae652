"""Working minutes between two moments, in O(1) per pair once a per-day table is built.

``tousu.sla.worktime.working_time_between`` walks day by day; a rebuild of the figures
measures two durations for each of a million complaints, so here each calendar day gets
its cumulative working minutes once (from the first day asked for), and a duration is a
subtraction. The calendar (opening hours, holidays, 调休) is the SLA's own; a day of a year
without a holiday schedule makes the duration unknown (None), never a guess.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tousu.sla.worktime import SHANGHAI, Calendar, ScheduleUnknown

ONE_DAY = timedelta(days=1)


class Minutes:
    """Cumulative working minutes of one calendar, day by day."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self._open_minutes = (
            datetime.combine(date.min, calendar.closes) - datetime.combine(date.min, calendar.opens)
        ).total_seconds() / 60
        # day → working minutes from the first day of the table to 00:00 of ``day``
        self._before: dict[date, float] = {}
        self._first: date | None = None
        self._next: date | None = None  # the first day not in the table yet
        self._total = 0.0

    def _working(self, day: date) -> bool:
        return self.calendar.is_working_day(day)  # raises ScheduleUnknown

    def _build(self, first: date) -> None:
        self._before, self._first, self._next, self._total = {}, first, first, 0.0

    def _extend(self, day: date) -> None:
        if self._first is None or day < self._first:
            # Earlier than the table: start it again from this day (rare: rebuilds go in order).
            self._build(day)
        assert self._next is not None
        while self._next <= day:
            self._before[self._next] = self._total
            if self._working(self._next):
                self._total += self._open_minutes
            self._next += ONE_DAY

    def at(self, moment: datetime) -> float:
        """Working minutes from the table's first day to ``moment`` (raises ``ScheduleUnknown``)."""
        local = moment.astimezone(SHANGHAI)
        day = local.date()
        if day not in self._before:
            self._extend(day)
        before = self._before[day]
        if not self._working(day):
            return before
        opening, closing = self.calendar.opening(day), self.calendar.closing(day)
        inside = min(max(local, opening), closing) - opening
        return before + inside.total_seconds() / 60

    def between(self, earlier: datetime, later: datetime) -> int | None:
        """Whole working minutes from ``earlier`` to ``later``; None when a year's holiday
        schedule is unknown or ``later`` lies before ``earlier``."""
        if later < earlier:
            return None
        try:
            self.at(earlier)  # the earlier day first, so the table starts there
            return int(self.at(later) - self.at(earlier))
        except ScheduleUnknown:
            return None
