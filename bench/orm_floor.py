#!/usr/bin/env python
"""How far can a request that writes through Django's ORM get against the empty view?

    .venv/bin/python bench/orm_floor.py --data-dir <a bench/seed.py data dir> [--repeat 400]
    DATABASE_URL=postgres://… .venv/bin/python bench/orm_floor.py --data-dir <its data dir>

In one process, against a seeded database: the CPU time of ``GET /healthz`` through
Django's test client (the empty view, the ceiling of bench/intake.sh), then the CPU time of
one statement of each kind a filing runs, written the ORM way and as plain SQL on the same
connection (``cursor.execute``):

    select   a row by a unique column, with a joined row (the token, the order)
    insert   ``Model.objects.create`` of a timeline-sized row (a webhook change)
    update   ``.filter(pk=…).update(…)`` of one column of the complaint

Each kind ``--repeat`` times inside one transaction that is then rolled back (nothing is
kept). From the means it prints the best ratio (healthz ÷ request) a request could reach
that does nothing but the empty view's work plus k statements of a filing's mix
(a third each), for k = 5 … 30: the ceiling the ORM itself puts on intake, before any
validation, segmentation, hashing or JSON. Compare it with bench/intake.sh's ratio
(issue 13's target: 0.11).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

p = argparse.ArgumentParser(
    description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
)
p.add_argument("--data-dir", required=True)
p.add_argument("--repeat", type=int, default=400)
p.add_argument("--rounds", type=int, default=5)
args = p.parse_args()

os.environ["TOUSU_DATA_DIR"] = str(Path(args.data_dir).resolve())
os.environ.setdefault("TOUSU_DEBUG", "0")
os.environ.setdefault("TOUSU_LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from tousu import wsgi  # noqa: E402, F401  (what a gunicorn worker imports)
from tousu.complaints.models import Complaint  # noqa: E402
from tousu.orders.models import Order  # noqa: E402
from tousu.webhooks.models import Change  # noqa: E402


class Rollback(Exception):
    pass


def cpu_per_call(fn, n: int) -> float:
    """CPU seconds per call of ``fn`` over ``n`` calls in one rolled-back transaction."""
    elapsed = 0.0
    try:
        with transaction.atomic():
            fn()  # warm: the first call builds caches
            c0 = time.process_time()
            for _ in range(n):
                fn()
            elapsed = time.process_time() - c0
            raise Rollback
    except Rollback:
        pass
    return elapsed / n


def main() -> None:
    client = Client()
    for _ in range(50):
        client.get("/healthz")
    complaint = Complaint.objects.order_by("-id").first()
    order = Order.objects.select_related("merchant").order_by("-id").first()
    if complaint is None or order is None:
        sys.exit("an empty database: seed it with bench/seed.py first")
    now = timezone.now()
    payload = {"type": "complaint.filed", "complaint": {"number": complaint.number}}
    change_table = Change._meta.db_table
    order_sql = (
        "SELECT o.*, m.* FROM orders_order o "  # every column, as the ORM reads them
        "JOIN merchants_merchant m ON m.id = o.merchant_id WHERE o.number = %s"
    )
    insert_sql = (
        f"INSERT INTO {change_table} (event_type, complaint_id, payload, created_at) "  # noqa: S608
        "VALUES (%s, %s, %s, %s)"
    )
    update_sql = "UPDATE complaints_complaint SET chain_head = %s WHERE id = %s"

    def healthz():
        client.get("/healthz")

    def orm_select():
        Order.objects.select_related("merchant").filter(number=order.number).first()

    def orm_insert():
        Change.objects.create(
            event_type="complaint.filed", complaint=complaint, payload=payload, created_at=now
        )

    def orm_update():
        Complaint.objects.filter(pk=complaint.pk).update(chain_head="0" * 64)

    def cursor_of(sql, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                if sql.startswith("SELECT"):
                    cursor.fetchall()

        return run

    kinds = {
        "healthz": healthz,
        "orm select": orm_select,
        "orm insert": orm_insert,
        "orm update": orm_update,
        "sql select": cursor_of(order_sql, [order.number]),
        "sql insert": cursor_of(
            insert_sql, ["complaint.filed", complaint.pk, json.dumps(payload), now]
        ),
        "sql update": cursor_of(update_sql, ["0" * 64, complaint.pk]),
    }
    samples: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(args.rounds):  # interleaved, so each kind sees the same machine
        for name, fn in kinds.items():
            samples[name].append(cpu_per_call(fn, args.repeat))
    ms = {name: statistics.median(v) * 1000 for name, v in samples.items()}
    print(
        f"database: {connection.vendor}; CPU ms per call, median of {args.rounds} rounds of {args.repeat}"
    )
    for name, value in ms.items():
        print(f"  {name:12s} {value:7.3f}")
    orm = (ms["orm select"] + ms["orm insert"] + ms["orm update"]) / 3
    raw = (ms["sql select"] + ms["sql insert"] + ms["sql update"]) / 3
    print(f"\n  mean statement: ORM {orm:.3f} ms, plain SQL {raw:.3f} ms")
    print("\n  best ratio of a request = the empty view + k statements (nothing else):")
    print("     k    ORM   plain SQL")
    for k in (5, 8, 10, 15, 19, 20, 25, 29, 30):
        print(
            f"  {k:4d}  {ms['healthz'] / (ms['healthz'] + k * orm):.3f}"
            f"   {ms['healthz'] / (ms['healthz'] + k * raw):.3f}"
        )


if __name__ == "__main__":
    main()
