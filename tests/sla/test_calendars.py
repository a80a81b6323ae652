"""Loading calendars and the entered schedule from the database."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from tousu.sla.calendars import CalendarNotFound, load_calendar
from tousu.sla.models import DayOverride, ScheduleYear, WorkCalendar
from tousu.sla.worktime import SHANGHAI, ScheduleUnknown, Source, add

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_office_and_hotline():
    office = WorkCalendar.objects.get(name="office")
    hotline = WorkCalendar.objects.get(name="hotline")
    assert (office.day_rule, office.opens_at, office.closes_at) == (
        "working_days",
        time(9),
        time(18),
    )
    assert (hotline.day_rule, hotline.opens_at, hotline.closes_at) == (
        "every_day",
        time(8),
        time(21, 30),
    )


def test_load_calendar_defaults_to_the_office():
    office = load_calendar()
    assert (office.name, office.every_day, office.opens, office.closes) == (
        "office",
        False,
        time(9),
        time(18),
    )
    assert load_calendar("hotline").every_day


def test_an_unknown_calendar_name_is_an_error():
    with pytest.raises(CalendarNotFound):
        load_calendar("night-shift")


def test_loading_takes_three_queries_and_computing_none(django_assert_num_queries, entered_2027):
    with django_assert_num_queries(3):
        office = load_calendar()
    with django_assert_num_queries(0):
        add(datetime(2026, 12, 28, 10, tzinfo=SHANGHAI), "7d", office)


def test_a_complete_entered_year_is_used(entered_2027):
    office = load_calendar()
    assert office.schedule.source(2027) is Source.ADMIN
    assert not office.is_working_day(date(2027, 1, 1))
    assert add(datetime(2026, 12, 28, 10, tzinfo=SHANGHAI), "7d", office) == datetime(
        2027, 1, 7, 18, tzinfo=SHANGHAI
    )


def test_an_incomplete_year_is_a_draft_and_still_unknown(entered_2027):
    ScheduleYear.objects.filter(year=2027).update(complete=False)
    office = load_calendar()
    assert office.schedule.source(2027) is None
    with pytest.raises(ScheduleUnknown):
        add(datetime(2026, 12, 28, 10, tzinfo=SHANGHAI), "7d", office)


def test_a_complete_year_with_no_rows_means_no_holidays_that_year():
    ScheduleYear.objects.create(year=2028, complete=True)
    assert load_calendar().is_working_day(date(2028, 1, 3))


def test_model_validation_of_days(entered_2027):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="2027"):
        DayOverride(schedule=entered_2027, date=date(2028, 1, 1), name="元旦").full_clean()
    with pytest.raises(ValidationError):
        DayOverride(
            schedule=entered_2027, date=date(2027, 2, 8), is_working_day=True, name="春节"
        ).full_clean()
    DayOverride(
        schedule=entered_2027, date=date(2027, 2, 6), is_working_day=True, name="春节"
    ).full_clean()


def test_a_calendar_must_open_before_closing():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    night = WorkCalendar(name="night", opens_at=time(22), closes_at=time(6))
    with pytest.raises(ValidationError):
        night.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        night.save()
