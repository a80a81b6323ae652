"""The SLA configuration, read once per process and again only after it changes.

Filing a complaint starts its clocks, and that needs the matching policies with their
rules, the calendars and the national holiday schedule: five tables that change a few
times a year. Reading them on every change of status cost ten queries per filing
(docs/benchmarks.md, "Intake"). Here they are read into an immutable ``Config`` kept
per process; every change of status asks only for the one-row ``ConfigVersion`` token,
which every save or delete of those tables replaces in its own transaction
(``changed``, connected to the models' signals in ``SlaConfig.ready``). So a process sees
an administrator's edit from the next status change after it commits, exactly as it did
when it read the tables every time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from tousu.sla.calendars import CalendarNotFound, calendar_from_row, load_schedule
from tousu.sla.models import (
    DEFAULT_CALENDAR,
    ClockRule,
    ConfigVersion,
    DayOverride,
    ScheduleYear,
    SlaPolicy,
    WorkCalendar,
)
from tousu.sla.worktime import Calendar, NationalSchedule

# The tables the configuration is read from: a save or delete of any gives a new token.
TABLES = (SlaPolicy, ClockRule, WorkCalendar, ScheduleYear, DayOverride)


@dataclass(frozen=True)
class Config:
    token: str | None
    policies: tuple[SlaPolicy, ...]  # active, rules prefetched, least specific first
    schedule: NationalSchedule
    calendars: dict[str, Calendar] = field(default_factory=dict)

    def calendar(self, name: str | None = None) -> Calendar:
        name = name or DEFAULT_CALENDAR
        if name not in self.calendars:
            raise CalendarNotFound(name)
        return self.calendars[name]


_cached: Config | None = None
_TOKEN_SQL = f"SELECT token FROM {ConfigVersion._meta.db_table} WHERE id = 1"  # noqa: S608


def _read(token: str | None) -> Config:
    policies = sorted(
        SlaPolicy.objects.filter(active=True).prefetch_related("rules"),
        key=lambda p: (p.specificity, p.rank, p.pk),
    )
    schedule = load_schedule()
    calendars = {row.name: calendar_from_row(row, schedule) for row in WorkCalendar.objects.all()}
    return Config(token, tuple(policies), schedule, calendars)


def current() -> Config:
    """The configuration as committed now (one query when nothing changed)."""
    global _cached
    # Plain SQL: this runs on every change of status, and the ORM would cost more than the query.
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL)
        row = cursor.fetchone()
    token = row[0] if row else None
    if _cached is not None and token is not None and _cached.token == token:
        return _cached
    config = _read(token)
    # Without a token row (a database flushed by a test) nothing can tell a change: keep none.
    _cached = config if token is not None else None
    return config


def changed(**_signal: Any) -> None:
    """Give the configuration a new token (a signal receiver; also callable directly after a
    bulk ``update()``, which sends no signal)."""
    ConfigVersion.objects.update_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
