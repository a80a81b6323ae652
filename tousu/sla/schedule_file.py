"""Read a year's holiday schedule from the CSV an administrator prepares.

Columns ``date,kind,name`` (header required), one row per day::

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,workday,春节

``kind`` is ``holiday`` (a day off; 放假/休 also accepted) or ``workday`` (a
Saturday or Sunday worked to make up for a holiday, 调休; 上班/班 also accepted).
Every problem is reported with its line number; a file with any problem is refused
as a whole.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

COLUMNS = ("date", "kind", "name")
KINDS = {"holiday": False, "放假": False, "休": False, "workday": True, "上班": True, "班": True}
MAX_NAME = 60


@dataclass(frozen=True)
class Entry:
    date: date
    is_working_day: bool
    name: str


class ScheduleFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def parse_schedule(text: str) -> tuple[int, list[Entry]]:
    """The year and its entries, or ``ScheduleFileError`` listing every problem."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ScheduleFileError(
            [
                _("Missing columns: %(columns)s (expected date,kind,name).")
                % {"columns": ", ".join(missing)}
            ]
        )
    reader.fieldnames = header
    entries: list[Entry] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    for row in reader:
        values = {key: (row.get(key) or "").strip() for key in COLUMNS}
        if not any(values.values()):
            continue
        line = reader.line_num
        entry, problems = _read_row(values)
        errors += [_("Line %(line)d: %(problem)s") % {"line": line, "problem": p} for p in problems]
        if entry is None:
            continue
        if entry.date in seen:
            errors.append(
                _("Line %(line)d: %(date)s is already on line %(first)d.")
                % {"line": line, "date": entry.date.isoformat(), "first": seen[entry.date]}
            )
            continue
        seen[entry.date] = line
        entries.append(entry)
    return _check_year(entries, errors)


def _read_row(values: dict[str, str]) -> tuple[Entry | None, list[str]]:
    problems = []
    try:
        day = date.fromisoformat(values["date"])
    except ValueError:
        day = None
        problems.append(_("%(value)r is not a date like 2027-01-01.") % {"value": values["date"]})
    kind = KINDS.get(values["kind"].lower())
    if kind is None:
        problems.append(
            _("kind must be holiday or workday, not %(value)r.") % {"value": values["kind"]}
        )
    if not values["name"]:
        problems.append(_("name the holiday (e.g. 春节)."))
    elif len(values["name"]) > MAX_NAME:
        problems.append(_("the name is longer than %(max)d characters.") % {"max": MAX_NAME})
    if day is not None and kind and day.weekday() < 5:
        problems.append(
            _("%(date)s is a weekday; a make-up working day falls on a Saturday or Sunday.")
            % {"date": day.isoformat()}
        )
    if problems or day is None or kind is None:
        return None, problems
    return Entry(day, kind, values["name"]), []


def _check_year(entries: list[Entry], errors: list[str]) -> tuple[int, list[Entry]]:
    years = sorted({entry.date.year for entry in entries})
    if len(years) > 1:
        errors.append(
            _("The file mixes years %(years)s; enter one year per file.")
            % {"years": ", ".join(map(str, years))}
        )
    if not errors and not any(not entry.is_working_day for entry in entries):
        errors.append(_("The file lists no holiday."))
    if years and not 2000 <= years[0] <= 2100:
        errors.append(_("%(year)d is outside 2000–2100.") % {"year": years[0]})
    if errors:
        raise ScheduleFileError(errors)
    return years[0], sorted(entries, key=lambda entry: entry.date)
