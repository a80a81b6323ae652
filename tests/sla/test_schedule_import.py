"""Reading an administrator's CSV and storing the year (all or nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sla.conftest import SCHEDULE_2027_CSV
from tousu.sla.actions import enter_schedule_year
from tousu.sla.models import DayOverride, ScheduleYear
from tousu.sla.schedule_file import Entry, ScheduleFileError, parse_schedule


def errors_of(text: str) -> list[str]:
    with pytest.raises(ScheduleFileError) as raised:
        parse_schedule(text)
    return raised.value.errors


def test_a_valid_file_parses():
    year, entries = parse_schedule(SCHEDULE_2027_CSV)
    assert year == 2027
    assert entries[0] == Entry(date(2027, 1, 1), False, "元旦")
    assert [e.date for e in entries if e.is_working_day] == [date(2027, 2, 6), date(2027, 2, 20)]


def test_bom_chinese_kinds_blank_lines_and_header_case_are_accepted():
    year, entries = parse_schedule(
        "\ufeffDate,Kind,Name\n2027-01-01,放假,元旦\n\n2027-02-06,上班,春节\n"
    )
    assert year == 2027
    assert [e.is_working_day for e in entries] == [False, True]


def test_every_problem_is_reported_with_its_line():
    problems = errors_of(
        "date,kind,name\n"
        "2027-13-01,holiday,元旦\n"  # line 2: bad date
        "2027-01-01,vacation,元旦\n"  # line 3: bad kind
        "2027-02-08,workday,春节\n"  # line 4: Monday as a make-up day
        "2027-01-02,holiday,\n"  # line 5: no name
        "2027-01-03,holiday,元旦\n"
        "2027-01-03,holiday,元旦\n"  # line 7: duplicate
    )
    text = "\n".join(problems)
    for line in (2, 3, 4, 5, 7):
        assert f"Line {line}:" in text or f"第 {line} 行" in text, text
    assert len(problems) == 5


def test_missing_columns_mixed_years_and_no_holiday_are_refused():
    assert errors_of("date,name\n2027-01-01,元旦\n")
    assert errors_of("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n")
    assert errors_of("date,kind,name\n2027-02-06,workday,春节\n")
    assert errors_of("date,kind,name\n")


@pytest.mark.django_db
def test_entering_a_year_stores_every_day_and_marks_it_complete():
    year, entries = parse_schedule(SCHEDULE_2027_CSV)
    schedule = enter_schedule_year(year, entries, source="国办发明电")
    assert schedule.complete and schedule.source == "国办发明电"
    assert schedule.days.count() == 12


@pytest.mark.django_db
def test_a_year_already_entered_needs_replace(entered_2027):
    year, entries = parse_schedule(SCHEDULE_2027_CSV)
    with pytest.raises(ScheduleFileError, match="--replace"):
        enter_schedule_year(year, entries)
    assert list(DayOverride.objects.values_list("date", flat=True)) == [date(2027, 1, 1)]
    enter_schedule_year(year, entries, replace=True)
    assert DayOverride.objects.count() == 12
    assert ScheduleYear.objects.get(year=2027).source.startswith(
        "国办发明电"
    )  # kept when none given


@pytest.mark.django_db
def test_a_draft_is_stored_but_not_complete():
    year, entries = parse_schedule(SCHEDULE_2027_CSV)
    assert not enter_schedule_year(year, entries, complete=False).complete


@pytest.mark.django_db
def test_entries_of_another_year_are_refused():
    with pytest.raises(ScheduleFileError):
        enter_schedule_year(2028, [Entry(date(2027, 1, 1), False, "元旦")])
    assert not ScheduleYear.objects.exists()
