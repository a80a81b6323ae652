"""How long the figures page's downloads take to make (tousu/desk/figures/export.py).

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=tousu.settings .venv/bin/python bench/figures_export.py

A table shaped like ``by_shop`` (a text column and ten figures), 50 / 500 / 5,000 rows,
CSV and XLSX, the best of three runs each. No database: the table is made in memory.
"""

from __future__ import annotations

import time
from decimal import Decimal

import django

django.setup()

from tousu.analytics.figures import RATE_COLUMNS, Column, Table  # noqa: E402
from tousu.desk.figures import export  # noqa: E402


def table(rows: int) -> Table:
    columns = [Column("label", "店铺", "text"), *RATE_COLUMNS]
    values = {c.key: Decimal("12.5") for c in RATE_COLUMNS if c.kind != "int"}
    return Table(
        "by_shop",
        "按店铺",
        columns,
        [
            {"label": f"店铺{i}", **values, **{c.key: i for c in RATE_COLUMNS if c.kind == "int"}}
            for i in range(rows)
        ],
        drill="shop",
    )


def best(make, t: Table) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(3):
        started = time.perf_counter()
        size = len(make(t))
        times.append(time.perf_counter() - started)
    return min(times), size


if __name__ == "__main__":
    print("| rows | CSV | XLSX |")
    print("| ---: | ---: | ---: |")
    for rows in (50, 500, 5000):
        t = table(rows)
        (csv_s, csv_b), (xlsx_s, xlsx_b) = best(export.to_csv, t), best(export.to_xlsx, t)
        print(
            f"| {rows:,} | {csv_s * 1000:.0f} ms, {csv_b // 1024} KB "
            f"| {xlsx_s * 1000:.0f} ms, {xlsx_b // 1024} KB |"
        )
