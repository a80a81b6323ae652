"""Writes to the holiday schedule."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from tousu.sla.models import DayOverride, ScheduleYear
from tousu.sla.schedule_file import Entry, ScheduleFileError


@transaction.atomic
def enter_schedule_year(
    year: int,
    entries: Sequence[Entry],
    *,
    source: str = "",
    replace: bool = False,
    complete: bool = True,
) -> ScheduleYear:
    """Store a year's holidays and make-up working days, all or nothing.

    A year that already holds days is only overwritten with ``replace``. With
    ``complete`` the year is used for deadlines from the moment this commits.
    """
    wrong_year = [entry.date.isoformat() for entry in entries if entry.date.year != year]
    if wrong_year:
        raise ScheduleFileError(
            [_("Not in %(year)d: %(dates)s.") % {"year": year, "dates": ", ".join(wrong_year)}]
        )
    schedule, _created = ScheduleYear.objects.select_for_update().get_or_create(year=year)
    if schedule.days.exists():
        if not replace:
            raise ScheduleFileError(
                [
                    _("%(year)d already holds %(count)d days; pass --replace to overwrite them.")
                    % {"year": year, "count": schedule.days.count()}
                ]
            )
        schedule.days.all().delete()
    DayOverride.objects.bulk_create(
        DayOverride(
            schedule=schedule, date=entry.date, is_working_day=entry.is_working_day, name=entry.name
        )
        for entry in entries
    )
    schedule.complete = complete
    if source:
        schedule.source = source
    schedule.save(update_fields=["complete", "source", "updated_at"])
    return schedule
