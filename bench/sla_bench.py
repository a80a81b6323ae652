#!/usr/bin/env python
"""SLA deadline benchmark: the due-deadline query and the sweep's evaluation rate.

    TOUSU_DATA_DIR=bench/out/sla-1m .venv/bin/python bench/sla_bench.py --complaints 1000000
    TOUSU_DATA_DIR=bench/out/sla-1m-random .venv/bin/python bench/sla_bench.py --layout random

Seeds (once; ``--reseed`` to start over) N open complaints, each with two running
deadlines (its resolution clock, 15 days, plus the clock of its status, 48 h), into
the SQLite database under TOUSU_DATA_DIR (or ``DATABASE_URL``). ``--layout time``
(default) starts the clocks over the 16 days before the reference moment in id order,
as production inserts them; ``--layout random`` scatters due times independently of
the row order (the claim's worst case). Then measures:

1. the due-deadline query of ``tousu.sla.sweep.claim`` (active, due_at <= now,
   ordered by due_at, first ``--batch`` ids): p50/p95/max over ``--queries`` runs at
   random moments, from a small backlog to every deadline due;
2. evaluation: ``sweep.claim`` in a loop (find due rows through the index and
   compare-and-swap them into ``claimed``, committed per batch) over ``--evaluate``
   due deadlines; rows per second. The claimed rows are put back afterwards;
3. actions, counted separately: ``sweep.fire`` on ``--fire`` claimed deadlines (lock
   the complaint, swap to breached, run the transition ``merchant_agree`` or raise
   the priority and queue supervisor notices), inside a transaction rolled back at
   the end so the seeded data stays as it was.

Seeding is not a user action: rows go in with executemany (same values the actions
would write), the deadlines computed in Python, not through the status hook.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

p = argparse.ArgumentParser(
    description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
)
p.add_argument("--complaints", type=int, default=1_000_000)
p.add_argument("--queries", type=int, default=2_000, help="due-deadline queries to time")
p.add_argument("--batch", type=int, default=500, help="claim batch (the worker's --batch)")
p.add_argument("--evaluate", type=int, default=200_000, help="due deadlines to claim for the rate")
p.add_argument("--fire", type=int, default=2_000, help="breach actions to time")
p.add_argument("--reseed", action="store_true")
p.add_argument("--seed", type=int, default=2026)
p.add_argument(
    "--layout",
    choices=["time", "random"],
    default="time",
    help="time: rows inserted in the order their clocks started (as in production: ids grow "
    "with time, so runs due together sit together); random: due times independent of "
    "insertion order (worst case for the claim's writes)",
)
args = p.parse_args()

DATA_DIR = Path(os.environ.setdefault("TOUSU_DATA_DIR", str(ROOT / "bench/out/sla-1m"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
if args.reseed and not os.environ.get("DATABASE_URL"):
    for suffix in ("", "-wal", "-shm"):
        (DATA_DIR / f"tousu.sqlite3{suffix}").unlink(missing_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tousu.accounts.models import Role, User  # noqa: E402
from tousu.complaints.models import Complaint  # noqa: E402
from tousu.sla import sweep  # noqa: E402
from tousu.sla.models import Deadline, DeadlineState  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
REF = datetime(2025, 11, 10, 10, tzinfo=SH)  # the reference "now" of the seeded backlog
St = DeadlineState


def insert(model, columns: list[str], rows) -> None:
    """executemany with the backend's own value adapters (see bench/seed.py).

    Fields not named take their default (blank strings, counters a model gains later)."""
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.name not in columns
        and not f.primary_key
        and (f.has_default() or f.empty_strings_allowed and not f.null)
    ]
    columns = columns + [f.name for f in extra]
    rows = [list(row) + [f.get_default() for f in extra] for row in rows]
    fields = [model._meta.get_field(c) for c in columns]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})"
    )
    prepared = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row)] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def seed(n: int) -> None:
    rnd = random.Random(args.seed)
    consumer, _ = User.objects.get_or_create(
        username="sla-bench-consumer", defaults={"role": Role.CONSUMER}
    )
    for i in range(3):
        User.objects.get_or_create(
            username=f"sla-bench-supervisor{i}", defaults={"role": Role.SUPERVISOR}
        )
    start = time.perf_counter()
    chunk = 20_000
    first = (Complaint.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for base in range(0, n, chunk):
        size = min(chunk, n - base)
        with transaction.atomic():
            rows = []
            for i in range(base, base + size):
                waiting = i % 2 == 0
                if args.layout == "time":  # started over the 16 days before REF, in id order
                    filed = REF - timedelta(days=16) + timedelta(days=16) * (i / n)
                else:
                    filed = REF - timedelta(minutes=rnd.randint(0, 14 * 24 * 60))
                rows.append(
                    [
                        f"SLA{i:012d}",
                        consumer.pk,
                        "app",
                        "after_sales",
                        "quality",
                        "return_refund",
                        "seeded",
                        2,
                        "waiting_merchant" if waiting else "acknowledged",
                        filed,
                        filed,
                        filed,
                    ]
                )
            insert(
                Complaint,
                [
                    "number",
                    "consumer",
                    "channel",
                    "kind",
                    "category",
                    "demand",
                    "description",
                    "priority",
                    "status",
                    "created_at",
                    "updated_at",
                    "acknowledged_at",
                ],
                rows,
            )
            deadlines = []
            for offset, row in enumerate(rows):
                pk, filed, waiting = first + base + offset, row[9], row[8] == "waiting_merchant"
                if args.layout == "time":  # resolution 15 days after the start, status clock 48 h
                    due, status_due = filed + timedelta(days=15), filed + timedelta(hours=48)
                else:
                    due = REF + timedelta(minutes=rnd.randint(-2 * 24 * 60, 16 * 24 * 60))
                    status_due = REF + timedelta(minutes=rnd.randint(-12 * 60, 48 * 60))
                deadlines.append(
                    [
                        pk,
                        "resolution",
                        "15cd",
                        "office",
                        True,
                        "notify",
                        St.ACTIVE,
                        filed,
                        due,
                        None,
                        filed,
                        filed,
                    ]
                )
                clock, action = (
                    ("merchant_response", "merchant_agree")
                    if waiting
                    else ("first_response", "raise_priority")
                )
                # A run past its reminder time has had its reminder sent (remind_at cleared).
                remind = status_due - timedelta(hours=6)
                deadlines.append(
                    [
                        pk,
                        clock,
                        "48ch",
                        "office",
                        False,
                        action,
                        St.ACTIVE,
                        filed,
                        status_due,
                        remind if remind > REF else None,
                        filed,
                        filed,
                    ]
                )
            insert(
                Deadline,
                [
                    "complaint",
                    "clock",
                    "duration",
                    "calendar",
                    "pauses",
                    "breach_action",
                    "state",
                    "started_at",
                    "due_at",
                    "remind_at",
                    "counting_from",
                    "computed_at",
                ],
                deadlines,
            )
        done = base + size
        if done % 200_000 == 0 or done == n:
            print(
                f"  seeded {done:,} complaints, {2 * done:,} deadlines ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE sla_deadline")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def due_query_latency() -> dict:
    rnd = random.Random(1)
    times = []
    for _ in range(args.queries):
        now = REF + timedelta(minutes=rnd.randint(-2 * 24 * 60, 17 * 24 * 60))
        qs = Deadline.objects.filter(state=St.ACTIVE, due_at__lte=now).order_by("due_at")
        t = time.perf_counter()
        ids = list(qs.values_list("pk", flat=True)[: args.batch])
        times.append((time.perf_counter() - t) * 1000)
        assert len(ids) <= args.batch
    return {"p50": statistics.median(times), "p95": pct(times, 0.95), "max": max(times)}


def evaluation_rate() -> tuple[int, float]:
    now = REF + timedelta(days=17)  # every deadline due: the largest backlog
    claimed, tokens = 0, []
    t = time.perf_counter()
    while claimed < args.evaluate:
        token, ids = sweep.claim(min(args.batch, args.evaluate - claimed), now)
        if not ids:
            break
        claimed += len(ids)
        tokens.append(token)
    elapsed = time.perf_counter() - t
    Deadline.objects.filter(state=St.CLAIMED).update(
        state=St.ACTIVE, claimed_by="", lease_until=None
    )
    return claimed, elapsed


class Rollback(Exception):
    pass


def fire_rate() -> tuple[int, float, dict]:
    now = REF + timedelta(days=17)
    outcomes: dict[str, int] = {}
    try:
        with transaction.atomic():
            token, ids = sweep.claim(args.fire, now)
            t = time.perf_counter()
            for pk in ids:
                outcome = sweep.fire(pk, token, now)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            elapsed = time.perf_counter() - t
            raise Rollback
    except Rollback:
        pass
    return len(ids), elapsed, outcomes


def main() -> None:
    if args.reseed:
        call_command("migrate", verbosity=0)
    have = Complaint.objects.filter(number__startswith="SLA").count()
    if have < args.complaints:
        print(
            f"seeding {args.complaints - have:,} complaints into {connection.settings_dict['NAME']}",
            flush=True,
        )
        seed(args.complaints - have)
    live = Deadline.objects.filter(ended_at__isnull=True).count()
    print(
        f"{Complaint.objects.count():,} complaints, {live:,} running deadlines ({connection.vendor})"
    )
    plan = connection.cursor()
    if connection.vendor == "sqlite":
        qs = (
            Deadline.objects.filter(state=St.ACTIVE, due_at__lte=REF)
            .order_by("due_at")
            .values_list("pk")[:500]
        )
        sql, params = qs.query.sql_with_params()
        plan.execute("EXPLAIN QUERY PLAN " + sql, params)
        print("plan:", " / ".join(row[-1] for row in plan.fetchall()))
    latency = due_query_latency()
    print(
        f"due-deadline query ({args.queries} runs, LIMIT {args.batch}): p50 {latency['p50']:.2f} ms, "
        f"p95 {latency['p95']:.2f} ms, max {latency['max']:.2f} ms  [target p95 < 10 ms: "
        f"{'met' if latency['p95'] < 10 else 'MISSED'}]"
    )
    claimed, elapsed = evaluation_rate()
    rate = claimed / elapsed
    print(
        f"evaluation: {claimed:,} due deadlines claimed (CAS) in {elapsed:.2f} s = {rate:,.0f}/s "
        f"[target >= 20,000/s: {'met' if rate >= 20_000 else 'MISSED'}]"
    )
    fired, elapsed, outcomes = fire_rate()
    print(
        f"actions: {fired:,} fired in {elapsed:.2f} s = {fired / elapsed:,.0f}/s  {outcomes} (rolled back)"
    )


if __name__ == "__main__":
    main()
