"""``tousu calendar``: check and maintain the working-time calendars.

    tousu calendar year 2026 [--calendar NAME]        holidays and make-up working days
    tousu calendar after 2025-09-26T10:00 7d [--calendar NAME]   a deadline, ISO 8601 ("now" works)
    tousu calendar between A B [--calendar NAME]       working time between two moments
    tousu calendar import FILE.csv [--source TEXT] [--replace] [--draft]

Durations: ``d`` working days, ``h`` working hours, ``cd`` calendar days, ``ch``
calendar hours (docs/calendars.md). Date-times without an offset are Asia/Shanghai.
Exit status: 1 bad input, 2 bad arguments, 3 the answer needs a year with no schedule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from tousu.sla.actions import enter_schedule_year
from tousu.sla.calendars import CalendarNotFound, load_calendar
from tousu.sla.schedule_file import ScheduleFileError, parse_schedule
from tousu.sla.worktime import (
    LIBRARY_FIRST_YEAR,
    LIBRARY_LAST_YEAR,
    SHANGHAI,
    Calendar,
    Duration,
    ScheduleUnknown,
    Source,
    SpecialDays,
    add,
    in_shanghai,
    working_time_between,
)

EXIT_SCHEDULE_UNKNOWN = 3


def unknown_year_message(year: int) -> str:
    return _(
        "No holiday schedule for %(year)d: chinese-calendar covers %(first)d–%(last)d and no administrator "
        "has entered %(year)d as complete. Enter it in the admin (holiday schedule years) or with "
        "`tousu calendar import FILE.csv`."
    ) % {"year": year, "first": LIBRARY_FIRST_YEAR, "last": LIBRARY_LAST_YEAR}


def holiday_name(name: str) -> str:
    """The library's English holiday names in Chinese when Chinese is active."""
    if (get_language() or "").startswith("zh"):
        try:
            return chinese_calendar.Holiday(name).chinese
        except ValueError:
            return name
    return name


def holiday_blocks(special: SpecialDays) -> list[tuple[date, date, list[str]]]:
    """Days off grouped into blocks; ordinary weekends between two listed days join them."""
    blocks: list[tuple[date, date, list[str]]] = []
    for day in sorted(d for d, (working, _name) in special.items() if not working):
        name = special[day][1]
        if blocks and _only_weekends_between(blocks[-1][1], day, special):
            first, _last, names = blocks[-1]
            blocks[-1] = (first, day, names if name in names else [*names, name])
        else:
            blocks.append((day, day, [name]))
    return blocks


def _only_weekends_between(last: date, day: date, special: SpecialDays) -> bool:
    gap = [last + timedelta(days=n) for n in range(1, (day - last).days)]
    return all(d.weekday() >= 5 and d not in special for d in gap)


def parse_moment(text: str) -> datetime:
    if text.strip().lower() == "now":
        return in_shanghai(timezone.now())
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(value)r is not an ISO 8601 date-time like 2025-09-26T10:00.") % {"value": text}
        )
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SHANGHAI)
    return in_shanghai(moment)


def iso_duration(amount: timedelta) -> str:
    """ISO 8601 duration in hours, e.g. PT38H or PT1H30M."""
    minutes, seconds = divmod(int(amount.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [
        f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if value
    ]
    return "PT" + ("".join(parts) or "0H")


class Command(BaseCommand):
    help = "Check the working-time calendars and enter a year's holiday schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        year = commands.add_parser("year", help="List a year's holidays and make-up working days.")
        year.add_argument("year", type=int)
        after = commands.add_parser("after", help="Print the deadline a duration after a moment.")
        after.add_argument(
            "start", help="ISO 8601, e.g. 2025-09-26T10:00 (Asia/Shanghai when no offset), or now"
        )
        after.add_argument(
            "duration", help="7d working days, 16h working hours, 7cd / 48ch calendar days / hours"
        )
        between = commands.add_parser("between", help="Print the working time between two moments.")
        between.add_argument("start")
        between.add_argument("end")
        for sub in (year, after, between):
            sub.add_argument("--calendar", default=None, help="Calendar name (default: office)")
        load = commands.add_parser(
            "import", help="Enter a year's schedule from a CSV file (date,kind,name)."
        )
        load.add_argument("file", type=Path)
        load.add_argument(
            "--source", default="", help="The State Council notice the schedule follows"
        )
        load.add_argument(
            "--replace", action="store_true", help="Overwrite the days already entered"
        )
        load.add_argument(
            "--draft", action="store_true", help="Store the days but leave the year incomplete"
        )

    def handle(self, *args, **options) -> None:
        try:
            getattr(self, f"handle_{options['action']}")(options)
        except ScheduleUnknown as unknown:
            raise CommandError(unknown_year_message(unknown.year), returncode=EXIT_SCHEDULE_UNKNOWN)
        except CalendarNotFound as missing:
            raise CommandError(_("There is no calendar named %(name)r.") % {"name": missing.name})

    def handle_year(self, options: dict) -> None:
        calendar = load_calendar(options["calendar"])
        year: int = options["year"]
        special = calendar.schedule.special_days(year)
        source = calendar.schedule.source(year)
        if source is Source.LIBRARY:
            label = f"chinese-calendar {chinese_calendar.__version__}"
        else:
            label = _("entered by an administrator")
        self.stdout.write(
            _("Holiday schedule %(year)d (source: %(source)s)") % {"year": year, "source": label}
        )
        self.stdout.write(self.describe(calendar))
        self.stdout.write(_("Holidays:"))
        separator = "、" if (get_language() or "").startswith("zh") else ", "
        for first, last, names in holiday_blocks(special):
            days = (last - first).days + 1
            length = ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
            names_text = separator.join(holiday_name(name) for name in names)
            self.stdout.write(f"  {first.isoformat()} – {last.isoformat()}  {length}  {names_text}")
        self.stdout.write(_("Make-up working days:"))
        for day in sorted(d for d, (working, _name) in special.items() if working):
            weekday = WEEKDAYS[day.weekday()]
            self.stdout.write(f"  {day.isoformat()}  {weekday}  {holiday_name(special[day][1])}")

    def describe(self, calendar: Calendar) -> str:
        values = {
            "name": calendar.name,
            "opens": calendar.opens.strftime("%H:%M"),
            "closes": calendar.closes.strftime("%H:%M"),
        }
        if calendar.every_day:
            return (
                _("Calendar %(name)s: every day %(opens)s–%(closes)s; holidays do not affect it.")
                % values
            )
        return (
            _("Calendar %(name)s: working days (with make-up working days) %(opens)s–%(closes)s.")
            % values
        )

    def handle_after(self, options: dict) -> None:
        start = parse_moment(options["start"])
        try:
            duration = Duration.parse(options["duration"])
        except ValueError:
            raise CommandError(
                _(
                    "%(value)r is not a duration: use e.g. 7d (working days), 16h (working hours), "
                    "7cd (calendar days) or 48ch (calendar hours)."
                )
                % {"value": options["duration"]}
            )
        calendar = load_calendar(options["calendar"])
        self.stdout.write(add(start, duration, calendar).isoformat(timespec="seconds"))

    def handle_between(self, options: dict) -> None:
        start, end = parse_moment(options["start"]), parse_moment(options["end"])
        if end < start:
            raise CommandError(_("The end lies before the start."))
        calendar = load_calendar(options["calendar"])
        self.stdout.write(iso_duration(working_time_between(start, end, calendar)))

    def handle_import(self, options: dict) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
            )
        try:
            year, entries = parse_schedule(text)
            enter_schedule_year(
                year,
                entries,
                source=options["source"],
                replace=options["replace"],
                complete=not options["draft"],
            )
        except ScheduleFileError as error:
            raise CommandError(
                _("%(path)s was not imported:") % {"path": path} + "\n" + "\n".join(error.errors)
            )
        holidays = sum(1 for entry in entries if not entry.is_working_day)
        self.stdout.write(
            _("Entered %(year)d: %(holidays)d holidays, %(workdays)d make-up working days.")
            % {"year": year, "holidays": holidays, "workdays": len(entries) - holidays}
        )
        if LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR:
            self.stdout.write(
                _("%(year)d is also in chinese-calendar; this entry replaces it once complete.")
                % {"year": year}
            )
        if options["draft"]:
            self.stdout.write(
                _("The year is a draft: tick “complete” in the admin to use it for deadlines.")
            )
        else:
            self.stdout.write(_("The year is complete and used for deadlines from now on."))
