from __future__ import annotations

import pytest

from tousu.sla.models import DayOverride, ScheduleYear

# A hypothetical 2027 schedule (the real one is published around November 2026).
SCHEDULE_2027_CSV = """date,kind,name
2027-01-01,holiday,元旦
2027-01-02,holiday,元旦
2027-01-03,holiday,元旦
2027-02-06,workday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-13,holiday,春节
2027-02-20,workday,春节
"""


@pytest.fixture
def schedule_2027_csv(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027_CSV, encoding="utf-8")
    return path


@pytest.fixture
def entered_2027(db):
    """2027 entered by an administrator and marked complete (New Year only)."""
    year = ScheduleYear.objects.create(
        year=2027, source="国办发明电〔2026〕（假设）", complete=True
    )
    DayOverride.objects.create(schedule=year, date="2027-01-01", name="元旦")
    return year
