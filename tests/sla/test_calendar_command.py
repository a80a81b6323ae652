"""``tousu calendar``: listing a year, computing deadlines, importing a year."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import translation

from tousu.sla.worktime import SHANGHAI

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> CommandError:
    with pytest.raises(CommandError) as raised:
        run(*args)
    return raised.value


# --- after -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "calendar", "deadline"),
    [
        ("2025-09-26T10:00", "7d", "office", "2025-10-13T18:00:00+08:00"),
        ("2025-09-26T10:00", "16h", "office", "2025-09-28T17:00:00+08:00"),
        ("2025-09-26T10:00", "7cd", "office", "2025-10-04T00:00:00+08:00"),
        ("2025-09-26T10:00", "48ch", "office", "2025-09-28T10:00:00+08:00"),
        ("2026-02-12T15:00", "3d", "office", "2026-02-24T18:00:00+08:00"),
        ("2025-10-01T23:00", "2h", "hotline", "2025-10-02T10:00:00+08:00"),
        ("2025-09-26T02:00Z", "7d", "office", "2025-10-13T18:00:00+08:00"),
        ("2025-09-26T10:00+08:00", "1d", "office", "2025-09-28T18:00:00+08:00"),
    ],
)
def test_after_prints_the_deadline_in_iso_8601(start, duration, calendar, deadline):
    assert run("after", start, duration, "--calendar", calendar) == deadline + "\n"


def test_after_uses_the_office_calendar_by_default():
    assert run("after", "2025-09-26T10:00", "7d") == "2025-10-13T18:00:00+08:00\n"


@time_machine.travel(datetime(2025, 9, 26, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_after_now():
    assert run("after", "now", "7d") == "2025-10-13T18:00:00+08:00\n"


def test_after_a_year_with_no_schedule_fails_with_status_3():
    error = fails("after", "2026-12-28T10:00", "7d")
    assert error.returncode == 3
    assert "2027" in str(error)


def test_unknown_year_message_in_english_names_the_year_and_the_fix():
    with translation.override("en"):
        message = str(fails("after", "2026-12-28T10:00", "7d"))
    assert message.startswith("No holiday schedule for 2027")
    assert "tousu calendar import" in message


def test_the_hotline_does_not_need_2027():
    assert (
        run("after", "2026-12-31T23:00", "1h", "--calendar", "hotline")
        == "2027-01-01T09:00:00+08:00\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("after", "yesterday", "7d"),
        ("after", "2025-09-26T10:00", "7w"),
        ("after", "2025-09-26T10:00", "0d"),
        ("after", "2025-09-26T10:00", "7d", "--calendar", "night-shift"),
        ("between", "2025-09-27T10:00", "2025-09-26T10:00"),
    ],
)
def test_bad_input_fails_with_status_1(args):
    assert fails(*args).returncode == 1


def test_the_exit_status_on_the_command_line(capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["tousu", "calendar", "after", "2026-12-28T10:00", "7d"])
    assert exited.value.code == 3
    assert "2027" in capsys.readouterr().err


# --- between -----------------------------------------------------------------------------


def test_between_prints_an_iso_duration():
    assert run("between", "2025-09-26T10:00", "2025-10-09T12:00") == "PT38H\n"
    assert (
        run("between", "2025-10-01T21:00", "2025-10-02T09:00", "--calendar", "hotline")
        == "PT1H30M\n"
    )


# --- year --------------------------------------------------------------------------------


def test_year_2025_lists_national_day_and_its_make_up_days_in_chinese():
    with translation.override("zh-hans"):
        out = run("year", "2025")
    assert out.splitlines()[0] == "2025 年节假日安排（来源：chinese-calendar 1.11.0）"
    assert "  2025-10-01 – 2025-10-08  8 天  国庆节、中秋" in out
    assert "  2025-09-28  星期日  国庆节" in out
    assert "  2025-10-11  星期六  国庆节" in out


def test_year_2026_in_english_lists_spring_festival():
    with translation.override("en"):
        out = run("year", "2026")
    assert "  2026-02-15 – 2026-02-23  9 days  Spring Festival" in out
    assert "  2026-02-14  Saturday  Spring Festival" in out
    assert "  2026-02-28  Saturday  Spring Festival" in out
    assert "Calendar office: working days" in out


def test_year_names_the_calendar_rule():
    with translation.override("en"):
        out = run("year", "2026", "--calendar", "hotline")
    assert "Calendar hotline: every day 08:00–21:30; holidays do not affect it." in out


def test_year_without_schedule_fails_with_status_3():
    assert fails("year", "2027").returncode == 3


def test_year_lists_an_entered_year(entered_2027):
    with translation.override("en"):
        out = run("year", "2027")
    assert "(source: entered by an administrator)" in out
    assert "  2027-01-01 – 2027-01-01  1 day  元旦" in out


# --- import ------------------------------------------------------------------------------


def test_import_makes_2027_computable(schedule_2027_csv):
    assert fails("after", "2026-12-28T10:00", "7d").returncode == 3
    with translation.override("en"):
        out = run("import", str(schedule_2027_csv), "--source", "国办发明电〔2026〕（假设）")
    assert "Entered 2027: 10 holidays, 2 make-up working days." in out
    # Tue 29 (1), Wed 30 (2), Thu 31 (3), 1–3 Jan off, Mon 4 (4) … Thu 7 (7).
    assert run("after", "2026-12-28T10:00", "7d") == "2027-01-07T18:00:00+08:00\n"
    # Thu 4 Feb (1), Fri 5 (2), Sat 6 worked (3), 7–13 off, Mon 15 (4).
    assert run("after", "2027-02-03T10:00", "4d") == "2027-02-15T18:00:00+08:00\n"
    with translation.override("zh-hans"):
        listing = run("year", "2027")
    assert "  2027-02-07 – 2027-02-13  7 天  春节" in listing
    assert "  2027-02-20  星期六  春节" in listing


def test_import_twice_needs_replace(schedule_2027_csv):
    run("import", str(schedule_2027_csv))
    assert "--replace" in str(fails("import", str(schedule_2027_csv)))
    run("import", str(schedule_2027_csv), "--replace")


def test_a_draft_import_leaves_the_year_unknown(schedule_2027_csv):
    run("import", str(schedule_2027_csv), "--draft")
    assert fails("after", "2026-12-28T10:00", "7d").returncode == 3


def test_a_bad_file_is_refused_whole_with_line_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-08,workday,春节\n", encoding="utf-8"
    )
    with translation.override("en"):
        message = str(fails("import", str(path)))
    assert "Line 3:" in message and "Saturday or Sunday" in message
    assert fails("after", "2026-12-28T10:00", "7d").returncode == 3


def test_a_missing_file_is_a_clear_error(tmp_path):
    with translation.override("en"):
        assert "Cannot read" in str(fails("import", str(tmp_path / "no.csv")))


def test_chinese_is_the_default_language(chinese_default):
    assert str(fails("year", "2027")).startswith("没有 2027 年的节假日安排")
