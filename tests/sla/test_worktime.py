"""The counting engine, without a database: the documented facts asserted literally."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import chinese_calendar
import pytest

from tousu.sla.worktime import (
    LIBRARY_FIRST_YEAR,
    LIBRARY_LAST_YEAR,
    SHANGHAI,
    Calendar,
    Duration,
    NationalSchedule,
    ScheduleUnknown,
    Source,
    Unit,
    add,
    add_working_time,
    is_working_day,
    working_time_between,
)

OFFICE = Calendar("office", opens=time(9), closes=time(18))
HOTLINE = Calendar("hotline", opens=time(8), closes=time(21, 30), every_day=True)


def at(text: str) -> datetime:
    """A wall-clock time in Shanghai."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


# --- The schedule -------------------------------------------------------------------------


def test_library_covers_2004_to_2026():
    assert (LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR) == (2004, 2026)


def test_2025_national_day_holiday_and_make_up_days():
    # Given the State Council schedule: 1–8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked.
    assert all(
        not is_working_day(day, OFFICE) for day in days(date(2025, 10, 1), date(2025, 10, 8))
    )
    assert is_working_day(date(2025, 9, 28), OFFICE)  # a Sunday
    assert is_working_day(date(2025, 10, 11), OFFICE)  # a Saturday
    assert not is_working_day(date(2025, 9, 27), OFFICE)  # an ordinary Saturday
    assert not is_working_day(date(2025, 10, 12), OFFICE)  # an ordinary Sunday
    assert date(2025, 9, 28).weekday() == 6 and date(2025, 10, 11).weekday() == 5


def test_2026_spring_festival_make_up_saturdays():
    assert is_working_day(date(2026, 2, 14), OFFICE)
    assert is_working_day(date(2026, 2, 28), OFFICE)
    assert date(2026, 2, 14).weekday() == 5 and date(2026, 2, 28).weekday() == 5
    library_days_off = chinese_calendar.get_holidays(
        date(2026, 2, 14), date(2026, 2, 28), include_weekends=False
    )
    assert library_days_off  # the library has the festival; we agree with it day by day
    assert all(not is_working_day(day, OFFICE) for day in library_days_off)


def test_engine_agrees_with_the_library_for_every_covered_day_of_2025_and_2026():
    for day in days(date(2025, 1, 1), date(2026, 12, 31)):
        assert is_working_day(day, OFFICE) == chinese_calendar.is_workday(day), day


def test_hotline_works_every_day_including_holidays():
    assert all(is_working_day(day, HOTLINE) for day in days(date(2025, 10, 1), date(2025, 10, 8)))


def test_sources_of_a_year():
    schedule = NationalSchedule({2027: {}})
    assert schedule.source(2026) is Source.LIBRARY
    assert schedule.source(2027) is Source.ADMIN
    assert schedule.source(2028) is None


# --- Working days: the N-th working day after the day of the event, at closing time ----------


@pytest.mark.parametrize(
    ("amount", "deadline"),
    [
        (1, "2025-09-28T18:00"),  # the working Sunday counts
        (3, "2025-09-30T18:00"),
        (4, "2025-10-09T18:00"),  # 1–8 October skipped
        (6, "2025-10-11T18:00"),  # the working Saturday counts
        (7, "2025-10-13T18:00"),  # Sunday 12 October does not
    ],
)
def test_working_days_across_national_day_2025(amount, deadline):
    assert add(at("2025-09-26T10:00"), f"{amount}d", OFFICE) == at(deadline)


def test_the_day_of_the_event_never_counts_even_before_opening():
    assert add(at("2025-09-29T07:00"), "1d", OFFICE) == at("2025-09-30T18:00")


def test_an_event_on_a_holiday_counts_from_the_next_working_day():
    assert add(at("2025-10-03T15:00"), "1d", OFFICE) == at("2025-10-09T18:00")


def test_working_days_across_spring_festival_2026():
    # Thursday 12 Feb: Friday 13 (1), Saturday 14 worked (2), 15–23 off, Tuesday 24 (3).
    assert add(at("2026-02-12T15:00"), "3d", OFFICE) == at("2026-02-24T18:00")
    # Saturday 28 Feb is worked too: Wed 25, Thu 26, Fri 27, Sat 28, (Sun 1 Mar off), Mon 2 Mar.
    assert add(at("2026-02-24T10:00"), "5d", OFFICE) == at("2026-03-02T18:00")


def test_hotline_working_days_are_calendar_days_ending_at_21_30():
    assert add(at("2025-09-26T10:00"), "7d", HOTLINE) == at("2025-10-03T21:30")


# --- Working hours ------------------------------------------------------------------------


def test_working_hours_skip_the_weekend_and_count_the_working_sunday():
    # Friday 10:00–18:00 is 8 h; Saturday is off; Sunday 28 Sep is worked: 09:00 + 8 h.
    assert add(at("2025-09-26T10:00"), "16h", OFFICE) == at("2025-09-28T17:00")


def test_working_hours_across_midnight():
    assert add(at("2025-09-23T17:00"), "2h", OFFICE) == at("2025-09-24T10:00")


def test_working_hours_across_the_national_day_holiday():
    # 30 Sep 15:00–18:00 is 3 h; 1–8 Oct off; 9 Oct 09:00 + 2 h.
    assert add(at("2025-09-30T15:00"), "5h", OFFICE) == at("2025-10-09T11:00")


def test_a_start_outside_hours_begins_at_the_next_opening():
    assert add(at("2025-09-29T07:00"), "1h", OFFICE) == at("2025-09-29T10:00")
    assert add(at("2025-10-03T10:00"), "1h", OFFICE) == at("2025-10-09T10:00")


def test_a_deadline_reached_at_closing_time_is_that_closing_time():
    assert add(at("2025-09-26T10:00"), "8h", OFFICE) == at("2025-09-26T18:00")


def test_hotline_asked_at_23_00_starts_next_morning_at_08_00():
    assert add(at("2025-10-01T23:00"), "2h", HOTLINE) == at("2025-10-02T10:00")


def test_hotline_hours_roll_over_several_days_including_holidays():
    # 30 Sep 20:00–21:30 (1.5 h), 1 Oct 08:00–21:30 (13.5 h), then 9 h on 2 Oct.
    assert add(at("2025-09-30T20:00"), "24h", HOTLINE) == at("2025-10-02T17:00")


def test_working_minutes_for_paused_clocks():
    assert add_working_time(at("2025-09-26T17:30"), timedelta(minutes=45), OFFICE) == at(
        "2025-09-28T09:15"
    )
    assert add_working_time(at("2025-09-27T12:00"), timedelta(0), OFFICE) == at("2025-09-27T12:00")
    with pytest.raises(ValueError):
        add_working_time(at("2025-09-26T10:00"), timedelta(hours=-1), OFFICE)


# --- Calendar time ------------------------------------------------------------------------


def test_calendar_days_end_at_midnight_after_the_nth_day():
    assert add(at("2025-09-26T10:00"), "7cd", OFFICE) == at("2025-10-04T00:00")


def test_calendar_hours_are_plain_hours():
    assert add(at("2025-09-26T10:00"), "48ch", OFFICE) == at("2025-09-28T10:00")


# --- Time zones ---------------------------------------------------------------------------


def test_other_time_zones_are_converted_to_shanghai():
    utc = datetime(2025, 9, 26, 2, 0, tzinfo=timezone.utc)  # 10:00 in Shanghai
    deadline = add(utc, "7d", OFFICE)
    assert deadline == at("2025-10-13T18:00")
    assert deadline.utcoffset() == timedelta(hours=8)


def test_the_day_of_the_event_is_the_day_in_shanghai():
    # 20:00 UTC on Friday is 04:00 on Saturday in Shanghai: counting starts on Sunday 28 Sep.
    assert add(datetime(2025, 9, 26, 20, 0, tzinfo=timezone.utc), "1d", OFFICE) == at(
        "2025-09-28T18:00"
    )


def test_naive_date_times_are_refused():
    with pytest.raises(ValueError, match="naive"):
        add(datetime(2025, 9, 26, 10, 0), "1d", OFFICE)


# --- Years with no schedule ---------------------------------------------------------------


def test_a_deadline_that_needs_2027_raises_schedule_unknown():
    with pytest.raises(ScheduleUnknown) as raised:
        add(at("2026-12-28T10:00"), "7d", OFFICE)
    assert raised.value.year == 2027


def test_a_deadline_that_stays_in_2026_is_computed():
    assert add(at("2026-12-29T10:00"), "2d", OFFICE) == at("2026-12-31T18:00")


def test_working_hours_into_an_unknown_year_raise():
    with pytest.raises(ScheduleUnknown):
        add(at("2026-12-31T17:00"), "2h", OFFICE)


def test_years_before_the_library_are_unknown_too():
    with pytest.raises(ScheduleUnknown) as raised:
        is_working_day(date(2003, 5, 6), OFFICE)
    assert raised.value.year == 2003


def test_the_hotline_never_needs_a_schedule():
    assert add(at("2026-12-31T23:00"), "1h", HOTLINE) == at("2027-01-01T09:00")


def test_an_entered_2027_schedule_makes_2027_computable():
    # A hypothetical 2027 entry (the real one is published around November 2026).
    schedule = NationalSchedule(
        {2027: {date(2027, 1, 1): (False, "元旦"), date(2027, 1, 9): (True, "春节")}}
    )
    office = Calendar("office", opens=time(9), closes=time(18), schedule=schedule)
    # Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jan off, weekend, Mon 4 (4) … Thu 7 (7).
    assert add(at("2026-12-28T10:00"), "7d", office) == at("2027-01-07T18:00")
    assert office.is_working_day(date(2027, 1, 9))  # the entered make-up Saturday


def test_an_entered_year_replaces_the_library_year():
    office = Calendar(
        "office", opens=time(9), closes=time(18), schedule=NationalSchedule({2025: {}})
    )
    assert office.is_working_day(date(2025, 10, 1))  # a Wednesday, no holiday entered
    assert not office.is_working_day(date(2025, 9, 28))  # no make-up Sunday either


# --- Working time between two moments -------------------------------------------------------


def test_working_time_between_spans_weekend_and_holiday():
    # Fri 8 h + Sun 28 Sep 9 h + Mon 9 h + Tue 9 h + 9 Oct 3 h.
    assert working_time_between(
        at("2025-09-26T10:00"), at("2025-10-09T12:00"), OFFICE
    ) == timedelta(hours=38)


def test_working_time_between_within_one_day_and_outside_hours():
    assert working_time_between(
        at("2025-09-26T10:00"), at("2025-09-26T11:30"), OFFICE
    ) == timedelta(minutes=90)
    assert working_time_between(
        at("2025-09-26T19:00"), at("2025-09-28T08:00"), OFFICE
    ) == timedelta(0)
    assert working_time_between(
        at("2025-10-01T21:00"), at("2025-10-02T09:00"), HOTLINE
    ) == timedelta(minutes=90)


def test_working_time_between_is_the_inverse_of_adding_hours():
    start = at("2025-09-30T15:20")
    for hours in (1, 5, 16, 48):
        assert working_time_between(start, add(start, f"{hours}h", OFFICE), OFFICE) == timedelta(
            hours=hours
        )


def test_working_time_between_refuses_a_reversed_interval_and_unknown_years():
    with pytest.raises(ValueError):
        working_time_between(at("2025-09-27T10:00"), at("2025-09-26T10:00"), OFFICE)
    with pytest.raises(ScheduleUnknown):
        working_time_between(at("2026-12-31T10:00"), at("2027-01-04T10:00"), OFFICE)


# --- Durations and calendars -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("7d", 7, Unit.WORKING_DAYS),
        ("16h", 16, Unit.WORKING_HOURS),
        ("7cd", 7, Unit.CALENDAR_DAYS),
        (" 48CH ", 48, Unit.CALENDAR_HOURS),
    ],
)
def test_durations_parse(text, amount, unit):
    assert Duration.parse(text) == Duration(amount, unit)


@pytest.mark.parametrize("text", ["", "7", "d", "0d", "-1d", "1.5h", "7w", "7 days", "123456d"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        Duration.parse(text)


def test_a_calendar_must_open_before_it_closes():
    with pytest.raises(ValueError):
        Calendar("night", opens=time(22), closes=time(6))


def test_a_calendar_with_no_working_day_fails_loudly():
    def all_off(year):
        return {day: (False, "假") for day in days(date(year, 1, 1), date(year, 12, 31))}

    closed = Calendar(
        "closed",
        opens=time(9),
        closes=time(18),
        schedule=NationalSchedule({2025: all_off(2025), 2026: all_off(2026)}),
    )
    with pytest.raises(ValueError, match="no working day"):
        add(at("2024-12-31T10:00"), "1d", closed)
