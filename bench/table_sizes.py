#!/usr/bin/env python
"""Sizes of the tables that grow without end, measured on PostgreSQL, extrapolated.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tousu_scale \\
        .venv/bin/python bench/table_sizes.py [--build-search-index] [--target 100000000]

For each growing table (docs/scaling.md): exact row count, rows per complaint, heap,
TOAST and every index in bytes (``pg_relation_size``; total ``pg_total_relation_size``),
bytes per row, and each figure extrapolated linearly to ``--target`` complaints at
the measured rows per complaint — or at ``--per-complaint table=N`` when the database
does not hold a realistic mix for that table (e.g. bench/seed.py writes no deadlines).
Run ``VACUUM ANALYZE`` first so that dead rows and fresh statistics do not skew sizes
(``--vacuum`` does it). Prints a Markdown table and writes bench/out/table-sizes.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from tousu.search import bulk  # noqa: E402

TABLES = [
    "complaints_complaint",
    "complaints_complaintevent",
    "notify_outbox",
    "notify_inboxmessage",
    "sla_deadline",
    "webhooks_change",
    "webhooks_delivery",
    "webhooks_attempt",
    "search_document",
    "complaints_idempotencykey",
    "complaints_evidence",
]


def one(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def existing(tables: list[str]) -> list[str]:
    names = set(connection.introspection.table_names())
    return [t for t in tables if t in names]


def measure(table: str) -> dict:
    qn = connection.ops.quote_name
    rows = one(f"SELECT count(*) FROM {qn(table)}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_relation_size(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
            "ORDER BY i.relname",
            [table],
        )
        indexes = dict(cursor.fetchall())
    heap = one("SELECT pg_relation_size(%s::regclass)", [table])
    total = one("SELECT pg_total_relation_size(%s::regclass)", [table])
    return {
        "rows": rows,
        "heap_bytes": heap,
        "index_bytes": indexes,
        "toast_and_rest_bytes": total - heap - sum(indexes.values()),
        "total_bytes": total,
    }


def estimate(table: str) -> dict:
    """Bytes per row from the average width of the rows present, for a table with too few
    rows for its pages to say (a page of 8 kB holds dozens of rows): heap tuple = 24-byte
    header + data, 8-byte aligned, + 4-byte line pointer; B-tree entry = 8-byte header +
    the indexed columns' average width, 8-byte aligned, + 4-byte line pointer; pages
    filled to 90 %. Partial indexes count the share of rows their predicate holds now.
    Checked against the tables measured directly (docs/scaling.md)."""
    qn = connection.ops.quote_name

    def align(n: float) -> float:
        return -(-n // 8) * 8

    width = one(f"SELECT coalesce(avg(pg_column_size(t.*)), 0) FROM {qn(table)} t")
    heap = (align(24 + float(width)) + 4) / 0.9
    indexes = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, am.amname, pg_get_expr(x.indpred, x.indrelid), "
            "array(SELECT a.attname FROM unnest(x.indkey) k JOIN pg_attribute a "
            "ON a.attrelid = x.indrelid AND a.attnum = k) "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_am am ON am.oid = i.relam WHERE x.indrelid = %s::regclass",
            [table],
        )
        for name, method, predicate, columns in cursor.fetchall():
            if method != "btree" or not columns:
                continue
            widths = " + ".join(f"coalesce(avg(pg_column_size({qn(c)})), 0)" for c in columns)
            where = f" WHERE {predicate}" if predicate else ""
            key = float(one(f"SELECT {widths} FROM {qn(table)}{where}") or 0)
            rows = one(f"SELECT count(*) FROM {qn(table)}") or 1
            share = one(f"SELECT count(*) FROM {qn(table)}{where}") / rows
            indexes[name] = (align(8 + key) + 4) / 0.9 * share
    return {
        "heap_per_row": round(heap, 1),
        "index_per_row": {k: round(v, 1) for k, v in indexes.items()},
    }


def human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1024 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--target", type=int, default=100_000_000, help="complaints to extrapolate to")
    p.add_argument(
        "--per-complaint",
        action="append",
        default=[],
        metavar="TABLE=N",
        help="rows per complaint to extrapolate with instead of the measured ratio",
    )
    p.add_argument(
        "--min-rows",
        type=int,
        default=10_000,
        help="fewer rows than this: bytes per row estimated from row widths, not pages",
    )
    p.add_argument("--vacuum", action="store_true", help="VACUUM ANALYZE the tables first")
    p.add_argument("--build-search-index", action="store_true", help="fill search_document first")
    p.add_argument("--out", type=Path, default=ROOT / "bench/out/table-sizes.json")
    args = p.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    if args.build_search_index:
        print(f"search index: {bulk.rebuild(batch=2000, jobs=2)} documents", flush=True)
    tables = existing(TABLES)
    if args.vacuum:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
    overrides = {k: float(v) for k, v in (item.split("=", 1) for item in args.per_complaint)}
    complaints = one("SELECT count(*) FROM complaints_complaint")
    report = {"complaints": complaints, "target": args.target, "tables": {}}
    lines = [
        f"Measured at {complaints:,} complaints; extrapolated to {args.target:,}.",
        "",
        "| table | rows | rows / complaint | bytes / row (heap + indexes + TOAST) "
        f"| heap | indexes | total | total at {args.target:,} | of which indexes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for table in tables:
        m = measure(table)
        ratio = overrides.get(table, m["rows"] / complaints if complaints else 0)
        per_row = m["total_bytes"] / m["rows"] if m["rows"] else 0
        index_per_row = sum(m["index_bytes"].values()) / m["rows"] if m["rows"] else 0
        measured = m["rows"] >= args.min_rows
        if not measured and m["rows"]:
            guess = m["estimate"] = estimate(table)
            index_per_row = sum(guess["index_per_row"].values())
            per_row = guess["heap_per_row"] + index_per_row
            m["index_bytes_estimated_per_row"] = guess["index_per_row"]
        m["measured"] = measured
        at_target = per_row * ratio * args.target
        index_at_target = index_per_row * ratio * args.target
        m.update(
            rows_per_complaint=ratio,
            ratio_given=table in overrides,
            bytes_per_row=round(per_row, 1),
            total_at_target=round(at_target),
            index_at_target={
                name: round(size / m["rows"] * ratio * args.target) if m["rows"] else 0
                for name, size in m["index_bytes"].items()
            }
            if measured
            else {
                name: round(size * ratio * args.target)
                for name, size in m.get("index_bytes_estimated_per_row", {}).items()
            },
        )
        report["tables"][table] = m
        lines.append(
            f"| `{table}` | {m['rows']:,} | {ratio:.2f}{'*' if table in overrides else ''} "
            f"| {per_row:,.0f}{'' if measured else ' (est.)'} | {human(m['heap_bytes'])} | {human(sum(m['index_bytes'].values()))} "
            f"| {human(m['total_bytes'])} | {human(at_target)} | {human(index_at_target)} |"
        )
    lines += ["", "Indexes (size now → at target; est. = from row widths):", ""]
    for table, m in report["tables"].items():
        for name, size in m["index_bytes"].items():
            at = m["index_at_target"].get(name)
            note = "" if m["measured"] else " (est.)"
            lines.append(
                f"- `{table}.{name}`: {human(size)} → {human(at) if at is not None else '–'}{note}"
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print("\n".join(lines))
    print(f"\n(* rows per complaint given with --per-complaint)\nwritten: {args.out}")


if __name__ == "__main__":
    main()
