"""Tables of the figures page as CSV and XLSX files (tousu/desk/figures/export.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tousu.analytics.figures import Column, Filters, Table
from tousu.desk.figures import export


@pytest.fixture
def table():
    return Table(
        key="by_shop",
        title="Shops: [top]*?",
        columns=[
            Column("name", "Shop", "text"),
            Column("day", "First", "date"),
            Column("filed", "Filed"),
            Column("breach_rate", "Breach rate", "pct"),
            Column("hours", "First response", "hours"),
            Column("stars", "Rating", "stars"),
        ],
        rows=[
            {
                "name": "优品数码",
                "day": date(2026, 11, 3),
                "filed": 1234,
                "breach_rate": Decimal("12.5"),  # per cent, as tousu.analytics gives it
                "hours": Decimal("3.5"),
                "stars": Decimal("4.25"),
            },
            {
                "name": '=HYPERLINK("http://x")',
                "day": None,
                "filed": 0,
                "breach_rate": None,
                "hours": None,
                "stars": None,
            },
            {"name": "-1+2", "day": date(2026, 11, 4), "filed": 2, "breach_rate": Decimal("100.0")},
            {"name": "bell\x07 shop", "filed": 3},
        ],
    )


def test_file_name_names_the_table_and_both_days():
    f = Filters(start=date(2026, 11, 1), end=date(2026, 12, 1))
    t = Table(key="by_channel", title="x", columns=[], rows=[])
    assert export.filename(t, f, "xlsx") == "figures-by_channel-2026-11-01_2026-11-30.xlsx"


def test_csv_has_a_bom_a_header_and_the_rows(table):
    body = export.to_csv(table)
    assert body.startswith("\ufeff".encode())  # Excel reads the Chinese as UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "Shop",
        "First",
        "Filed",
        "Breach rate（%）",
        "First response (working hours)",
        "Rating",
    ]
    assert rows[1] == ["优品数码", "2026-11-03", "1234", "12.5", "3.5", "4.25"]
    # No value is an empty cell; a text that starts like a formula is not one.
    assert rows[2] == ['\'=HYPERLINK("http://x")', "", "0", "", "", ""]
    assert rows[3][0] == "'-1+2" and rows[3][3] == "100.0"
    assert len(rows) == 1 + len(table.rows)


def test_empty_table_is_a_header_only():
    t = Table(key="agents", title="Agents", columns=[Column("n", "Name", "text")], rows=[])
    assert export.to_csv(t).decode("utf-8-sig") == "Name\r\n"
    sheet = load_workbook(io.BytesIO(export.to_xlsx(t))).active
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [["Name"]]


def test_xlsx_reads_back_as_the_table(table):
    book = load_workbook(io.BytesIO(export.to_xlsx(table, [("Period", "2026-11-01 – 2026-11-30")])))
    sheet = book.worksheets[0]
    assert sheet.title == "Shops   top"  # []:*?/\ are not allowed in a sheet's name
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F5"
    assert sheet.column_dimensions["A"].width >= 22  # the longest text fits
    header = [c.value for c in sheet[1]]
    assert header == [export.header(c) for c in table.columns]
    assert all(c.font.bold for c in sheet[1])
    got = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    first = got[0]
    assert first[0] == "优品数码"
    assert first[1].date() == date(2026, 11, 3)
    assert first[2:] == [1234, 12.5, 3.5, 4.25]
    assert got[1] == ['=HYPERLINK("http://x")', None, 0, None, None, None]
    assert got[3][0] == "bell shop"  # a control character XLSX cannot hold is dropped
    # Formats: a percentage is the number of per cent shown with "%"; hours one decimal.
    row = sheet[2]
    assert [row[i].number_format for i in range(1, 6)] == [
        "yyyy-mm-dd",
        "#,##0",
        '0.0"%"',
        "0.0",
        "0.0",
    ]
    assert sheet.cell(row=3, column=1).data_type == "s"  # stored as text, never a formula
    assert [[c.value for c in r] for r in book.worksheets[1].iter_rows()] == [
        ["Period", "2026-11-01 – 2026-11-30"]
    ]


def test_values_as_the_page_shows_them():
    from tousu.desk.figures.present import bucket_label, shown, work_hours

    assert shown(Column("r", "Rate", "pct"), Decimal("12.5")) == "12.5%"
    assert shown(Column("r", "Rate", "pct"), None) == "—"
    assert shown(Column("n", "Filed"), 12345) == "12,345"
    assert shown(Column("s", "Stars", "stars"), Decimal("4.25")) == "4.25"
    assert work_hours(Decimal("0.5")) == "30 minutes"
    assert work_hours(Decimal("26.5")) == "26 hours 30 minutes"  # never days
    assert work_hours(Decimal("1.0")) == "1 hour"
    assert work_hours(Decimal("150.3")) == "150 hours"
    day = date(2026, 1, 5)
    assert bucket_label(day, Filters(date(2026, 1, 1), date(2026, 2, 1))) == "01-05"
    assert bucket_label(day, Filters(date(2025, 12, 1), date(2026, 2, 1))) == "2026-01-05"
    assert (
        bucket_label(day, Filters(date(2025, 12, 1), date(2026, 2, 1), grain="month")) == "2026-01"
    )
