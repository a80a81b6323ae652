"""Every table of the figures page as a file: CSV (UTF-8 with a byte-order mark, which is
how Excel on Chinese Windows knows the file is UTF-8) and XLSX (openpyxl: a bold, frozen
header row, percentages and hours as numbers with their formats, dates as dates).

Values are the tables' own (``tousu.analytics.figures``): a percentage is the number of per
cent (12.5) under a header that says (%), shown ``12.5%`` in XLSX by its format; hours are
working hours. No value is "" in CSV and an empty cell in XLSX. A text
that starts like a formula (``=``, ``+``, ``-``, ``@``) is never run as one: CSV prefixes it
with ``'`` (what Excel itself does for such a text), XLSX stores it as a string.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from tousu.analytics.figures import Column, Filters, Table

FORMATS = {"csv", "xlsx"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_NUMBER_FORMATS = {
    "int": "#,##0",
    "pct": '0.0"%"',  # the value is already in per cent
    "hours": "0.0",
    "stars": "0.0",
    "date": "yyyy-mm-dd",
}
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def filename(table: Table, f: Filters, fmt: str) -> str:
    """``figures-by_channel-2026-11-01_2026-11-30.xlsx``: both days included."""
    last = f.end - timedelta(days=1)
    return f"figures-{table.key}-{f.start.isoformat()}_{last.isoformat()}.{fmt}"


def header(column: Column) -> str:
    if column.kind == "pct":
        return f"{column.label}（%）"
    if column.kind == "hours":
        return _("%(label)s (working hours)") % {"label": column.label}
    return str(column.label)


def csv_value(column: Column, value) -> str:
    if value is None or value == "":
        return ""
    if column.kind in ("pct", "hours"):
        return f"{value:.1f}"
    if column.kind == "stars":
        return f"{value:.2f}"
    if column.kind == "int":
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_value(c, row.get(c.key)) for c in table.columns])
    return out.getvalue().encode("utf-8")


def _sheet_title(title: str) -> str:
    return SHEET_NAME_BAD.sub(" ", str(title)).strip()[:31] or "figures"


def _xlsx_value(column: Column, value):
    if value is None or value == "":
        return None
    if column.kind in ("pct", "hours", "stars"):
        return float(value)
    if column.kind == "int":
        return int(value)
    if isinstance(value, (date, datetime)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _width(text: str) -> float:
    """Column width in Excel's units: a CJK character is about two Latin ones."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it starts with
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def to_xlsx(table: Table, notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """The table on the first sheet; ``notes`` (filter name, value) on a second one.
    Written in openpyxl's write-only mode: a 5,000-row table in well under a second."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(table.title))
    head = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="F2F3F5")}
    labels = [header(c) for c in table.columns]
    values = [[_xlsx_value(c, row.get(c.key)) for c in table.columns] for row in table.rows]
    # Widths from the header and the texts (numbers fit in 12): set before the rows.
    for i, label in enumerate(labels):
        texts = [_width(row[i]) for row in values if isinstance(row[i], str)]
        width = max([_width(label), 12 if len(texts) < len(values) else 0, *texts])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    if values:
        last = get_column_letter(len(labels))
        sheet.auto_filter.ref = f"A1:{last}{len(values) + 1}"
    sheet.append([_cell(sheet, label, **head) for label in labels])
    formats = [XLSX_NUMBER_FORMATS.get(c.kind) for c in table.columns]
    for row in values:
        sheet.append(
            [
                _cell(sheet, v, number_format=f)
                if f and v is not None and not isinstance(v, str)
                else _cell(sheet, v)
                for v, f in zip(row, formats)
            ]
        )
    if notes:
        about = book.create_sheet(_sheet_title(_("Filters")))
        about.column_dimensions["A"].width = 14
        about.column_dimensions["B"].width = 40
        for name, value in notes:
            about.append(
                [
                    _cell(about, ILLEGAL_CHARACTERS_RE.sub("", str(name)), font=Font(bold=True)),
                    _cell(about, ILLEGAL_CHARACTERS_RE.sub("", str(value))),
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
