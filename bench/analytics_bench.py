#!/usr/bin/env python
"""Figures benchmark (issue 17): ``figures.tables()`` at 1,000,000 complaints, the rollups'
size, and the time to build them.

    # 1M complaints' facts synthesised directly, rolled up by the product's own code:
    .venv/bin/python bench/analytics_bench.py --data-dir bench/out/an-1m --synthetic 1000000
    # on a database bench/seed.py built: the full rebuild from the raw rows, then the same timings
    .venv/bin/python bench/analytics_bench.py --data-dir bench/out/db-100k --rebuild
    # also time a page in-process, logged in as a supervisor (e.g. the dashboard, later):
    .venv/bin/python bench/analytics_bench.py --data-dir bench/out/an-1m --url /desk/figures/

``--synthetic N`` deletes the SQLite file under ``--data-dir``, migrates it, inserts the
facts of N complaints (``ComplaintFact``, ``ClockFact``, ``AgentFact``: one row per complaint,
its ended clock runs, its agents) drawn from the distributions below, and times
``rollup.roll_days`` over every day — the step of the rebuild after the complaints are read.
No complaint rows exist: the figures never read them. ``--rebuild`` times
``rollup.rebuild()`` (facts read from the complaints, then rolled up) on an existing database.

Then, in-process and single-threaded: ``tables()`` for each scenario (``--runs`` timed runs
after one warm-up; p50, p95, max), the ceiling measured in the same run (a one-row ORM
query, and ``GET /healthz`` through Django's test client), and their ratios. Rows and
bytes per table and level (SQLite ``dbstat``). Markdown on stdout, JSON in
``bench/out/analytics-<tag>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

p = argparse.ArgumentParser(
    description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
)
p.add_argument(
    "--data-dir", required=True, help="TOUSU_DATA_DIR (SQLite) unless DATABASE_URL is set"
)
p.add_argument("--synthetic", type=int, default=0, help="synthesise the facts of N complaints")
p.add_argument("--rebuild", action="store_true", help="time rollup.rebuild() on the database")
p.add_argument(
    "--reroll", action="store_true", help="time rolling up the facts already in the database"
)
p.add_argument(
    "--days", type=int, default=365, help="synthetic complaints spread over this many days"
)
p.add_argument("--merchants", type=int, default=2000)
p.add_argument("--teams", type=int, default=20)
p.add_argument("--agents", type=int, default=200)
p.add_argument("--runs", type=int, default=30)
p.add_argument("--url", action="append", default=[], help="a page to time in-process (repeatable)")
p.add_argument("--tag", default="")
p.add_argument("--seed", type=int, default=2026)
args = p.parse_args()

DATA_DIR = Path(args.data_dir).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ["TOUSU_DATA_DIR"] = str(DATA_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from tousu.accounts.models import Role, User  # noqa: E402
from tousu.analytics import ladder, rollup  # noqa: E402
from tousu.analytics.figures import Filters, tables  # noqa: E402
from tousu.analytics.models import (  # noqa: E402
    LEVELS,
    AgentFact,
    ClockFact,
    ComplaintFact,
    DailyAgent,
    DailyClock,
    DailyFigures,
)
from tousu.merchants.models import Merchant  # noqa: E402
from tousu.teams.models import Team  # noqa: E402

CHANNELS = [("app", 40), ("web", 25), ("wechat", 20), ("phone", 10), ("12315", 3), ("blackcat", 2)]
CATEGORIES = [
    ("quality", 25),
    ("not_as_described", 15),
    ("counterfeit", 4),
    ("wrong_or_missing", 10),
    ("delivery", 15),
    ("refund", 12),
    ("food_safety", 3),
    ("service", 5),
    ("pricing", 6),
    ("service_slow", 2),
    ("service_unreachable", 1),
    ("service_unsolved", 1),
    ("service_unfair", 1),
    ("service_promise", 1),
    ("other", 3),
]


def pick(rnd: random.Random, table):
    values, weights = zip(*table)
    return rnd.choices(values, weights)[0]


def insert(model, fields: list[str], rows: list[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def synthesise(n: int) -> dict:
    """The facts of ``n`` complaints filed over the last ``--days`` days."""
    db = Path(settings.SQLITE_PATH)
    if connection.vendor == "sqlite" and db.exists():
        connection.close()
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
    rnd = random.Random(args.seed)
    with transaction.atomic():
        merchants = Merchant.objects.bulk_create(
            [
                Merchant(
                    shop_name=f"店铺{i:05d}",
                    legal_name="x",
                    registered_address="x",
                    city="上海",
                    external_id=f"AN{i:05d}",
                )
                for i in range(args.merchants)
            ],
            batch_size=2000,
        )
        teams = Team.objects.bulk_create([Team(name=f"小组{i:02d}") for i in range(args.teams)])
        agents = User.objects.bulk_create(
            [
                User(username=f"an-agent{i:03d}", role=Role.AGENT, display_name=f"客服{i:03d}")
                for i in range(args.agents)
            ]
        )
        User.objects.create(username="an-supervisor", role=Role.SUPERVISOR, display_name="主管")
    merchant_ids = [m.pk for m in merchants]
    # Shops by Zipf: a few big shops get most complaints, as on a marketplace.
    shop_weights = [1 / (i + 1) ** 1.1 for i in range(len(merchant_ids))]
    team_ids = [t.pk for t in teams]
    per_team = max(1, len(agents) // max(1, len(team_ids)))
    today = timezone.localdate()
    first = today - timedelta(days=args.days)
    facts, clocks, people = [], [], []
    fact_fields = [
        "complaint_id", "day", "channel", "category", "merchant_id", "team_id", "assignee_id",
        "valid", "acknowledged", "resolved", "completed", "reopened", "to_12315", "to_black_cat",
        "urged", "rated", "stars", "not_accepted", "replied", "replied_on_time", "breached",
        "decided_against", "ack_bucket", "resolve_bucket",
    ]  # fmt: skip
    clock_fields = [
        "complaint_id",
        "day",
        "channel",
        "category",
        "merchant_id",
        "team_id",
        "clock",
        "met",
        "breached",
    ]
    agent_fields = [
        "complaint_id", "day", "channel", "category", "merchant_id", "team_id",
        "agent_id", "assigned", "resolved", "handle_bucket", "replies",
    ]  # fmt: skip

    def flush():
        insert(ComplaintFact, fact_fields, facts)
        insert(ClockFact, clock_fields, clocks)
        insert(AgentFact, agent_fields, people)
        facts.clear(), clocks.clear(), people.clear()

    with transaction.atomic():
        for pk in range(1, n + 1):
            day = first + timedelta(days=int(args.days * pk / (n + 1)))
            age = (today - day).days
            channel, category = pick(rnd, CHANNELS), pick(rnd, CATEGORIES)
            merchant = (
                None
                if category.startswith("service_")
                else rnd.choices(merchant_ids, shop_weights)[0]
            )
            team_index = rnd.randrange(len(team_ids)) if rnd.random() < 0.9 else None
            team = team_ids[team_index] if team_index is not None else None
            assignee = None
            if rnd.random() < 0.85:
                base = (team_index or 0) * per_team
                assignee = agents[min(len(agents) - 1, base + rnd.randrange(per_team))].pk
            valid = rnd.random() < 0.97
            acknowledged = rnd.random() < 0.96
            resolved = rnd.random() < min(0.95, 0.3 + age / 30)
            completed = resolved and rnd.random() < 0.85
            rated = resolved and rnd.random() < 0.4
            replied = merchant is not None and rnd.random() < 0.8
            breached = rnd.random() < 0.1
            ack = ladder.bucket(int(rnd.lognormvariate(2.5, 1.8))) if acknowledged else None
            res = ladder.bucket(int(rnd.lognormvariate(7.5, 1.0))) if resolved else None
            facts.append(
                (
                    pk, day, channel, category, merchant, team, assignee, int(valid),
                    int(acknowledged), int(resolved), int(completed), int(rnd.random() < 0.03),
                    int(rnd.random() < 0.015), int(rnd.random() < 0.01), int(rnd.random() < 0.12),
                    int(rated), rnd.randint(1, 5) if rated else 0, int(rated and rnd.random() < 0.15),
                    int(replied), int(replied and rnd.random() < 0.85), int(breached),
                    int(rnd.random() < 0.05), ack, res,
                )
            )  # fmt: skip
            dims = (pk, day, channel, category, merchant, team)
            runs = ["acknowledge", "first_response", "resolution"] + (
                ["merchant_response"] if merchant else []
            )
            for clock in runs:
                late = breached and rnd.random() < 0.4
                clocks.append((*dims, clock, int(not late), int(late)))
            if assignee is not None:
                people.append((*dims, assignee, 1, int(resolved), res, rnd.randint(0, 3)))
            if rnd.random() < 0.1:
                other = agents[rnd.randrange(len(agents))].pk
                if other != assignee:
                    people.append((*dims, other, 0, 0, None, 1))
            if len(facts) >= 20_000:
                flush()
        flush()
    seeded = time.perf_counter() - started
    return {"complaints": n, "facts_seconds": round(seeded, 1), **roll()}


def roll() -> dict:
    """Every day's rollups summed again from the facts (the rebuild's last step), timed."""
    days = sorted(ComplaintFact.objects.values_list("day", flat=True).distinct())
    started = time.perf_counter()
    written = 0
    for i in range(0, len(days), rollup.DAYS_PER_ROLL):
        with transaction.atomic():
            written += rollup.roll_days(days[i : i + rollup.DAYS_PER_ROLL])
    return {"roll_seconds": round(time.perf_counter() - started, 1), "rollup_rows": written}


def timed(fn, runs: int) -> dict:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return {
        "p50": round(statistics.median(samples), 2),
        "p95": round(samples[max(0, int(0.95 * len(samples)) - 1)], 2),
        "max": round(samples[-1], 2),
    }


def sizes() -> list[dict]:
    out = []
    for model in (DailyFigures, DailyClock, DailyAgent, ComplaintFact, ClockFact, AgentFact):
        table = model._meta.db_table
        row = {"table": table, "rows": model.objects.count()}
        if hasattr(model, "level"):
            row["per_level"] = {
                level: model.objects.filter(level=level).count() for level in LEVELS
            }
        if connection.vendor == "sqlite":
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name = %s OR name IN "
                    "(SELECT name FROM sqlite_master WHERE tbl_name = %s AND type = 'index')",
                    [table, table],
                )
                row["bytes"] = cur.fetchone()[0] or 0
        else:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_total_relation_size(%s)", [table])
                row["bytes"] = cur.fetchone()[0]
        out.append(row)
    return out


def scenarios() -> list[tuple[str, Filters]]:
    last = (
        DailyFigures.objects.order_by("-day").values_list("day", flat=True).first() or date.today()
    )
    end = last + timedelta(days=1)
    big = (
        DailyFigures.objects.filter(level=4, merchant_id__isnull=False)
        .values_list("merchant_id", flat=True)
        .order_by("-filed")
        .first()
    )
    team = Team.objects.values_list("pk", flat=True).first()
    out = [
        ("30 days by day, no filter (the default)", Filters(end - timedelta(days=30), end)),
        ("90 days by week", Filters(end - timedelta(days=90), end, grain="week")),
        ("365 days by month", Filters(end - timedelta(days=365), end, grain="month")),
        ("30 days, channel app", Filters(end - timedelta(days=30), end, channel="app")),
    ]
    if big:
        out.append(
            ("30 days, the biggest shop", Filters(end - timedelta(days=30), end, merchant_id=big))
        )
        out.append(
            (
                "30 days, the biggest shop and channel app (full level)",
                Filters(end - timedelta(days=30), end, channel="app", merchant_id=big),
            )
        )
    if team:
        out.append(
            (
                "365 days, category quality and a team (full level)",
                Filters(
                    end - timedelta(days=365), end, grain="month", category="quality", team_id=team
                ),
            )
        )
    return out


def main() -> None:
    result: dict = {"vendor": connection.vendor, "tag": args.tag}
    if args.synthetic:
        result["synthetic"] = synthesise(args.synthetic)
        print(f"synthesised: {result['synthetic']}", flush=True)
    if args.reroll:
        result["reroll"] = roll()
        print(f"rolled up again: {result['reroll']}", flush=True)
    if args.rebuild:
        started = time.perf_counter()
        complaints, rows = rollup.rebuild()
        result["rebuild"] = {
            "complaints": complaints,
            "rollup_rows": rows,
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(f"rebuilt: {result['rebuild']}", flush=True)
    result["sizes"] = sizes()
    client = Client()
    result["ceiling"] = {
        "one-row ORM query": timed(lambda: Merchant.objects.filter(pk=1).first(), args.runs * 10),
        "GET /healthz (test client)": timed(lambda: client.get("/healthz"), args.runs * 10),
    }
    base = result["ceiling"]["GET /healthz (test client)"]["p50"]
    result["tables"] = []
    for name, f in scenarios():
        figures = tables(f)
        timing = timed(lambda f=f: tables(f), args.runs)
        timing.update(
            scenario=name,
            filed=figures["summary"].rows[0]["filed"],
            shops=len(figures["by_shop"].rows),
            ratio=round(timing["p50"] / base, 1) if base else None,
        )
        result["tables"].append(timing)
        print(f"{name}: {timing}", flush=True)
    if args.url:
        user = User.objects.filter(role=Role.SUPERVISOR).first() or User.objects.create(
            username="an-supervisor", role=Role.SUPERVISOR, display_name="主管"
        )
        client.force_login(user)
        result["urls"] = []
        for url in args.url:
            status = client.get(url).status_code
            timing = timed(lambda url=url: client.get(url), args.runs)
            timing.update(
                url=url, status=status, ratio=round(timing["p50"] / base, 1) if base else None
            )
            result["urls"].append(timing)
            print(f"{url}: {timing}", flush=True)
    out = ROOT / "bench" / "out" / f"analytics-{args.tag or 'run'}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    print_markdown(result)
    print(
        f"\nwritten to {out.relative_to(ROOT)}; settle {settings.TOUSU_ANALYTICS_SETTLE_SECONDS} s"
    )


def print_markdown(result: dict) -> None:
    print("\n| scenario | filed | p50 ms | p95 ms | max ms | × /healthz p50 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in result["tables"]:
        print(
            f"| {row['scenario']} | {row['filed']:,} | {row['p50']} | {row['p95']} | {row['max']} | {row['ratio']} |"
        )
    for row in result.get("urls", []):
        print(
            f"| GET {row['url']} ({row['status']}) | | {row['p50']} | {row['p95']} | {row['max']} | {row['ratio']} |"
        )
    for name, row in result["ceiling"].items():
        print(f"| ceiling: {name} | | {row['p50']} | {row['p95']} | {row['max']} | |")
    print("\n| table | rows | MB | rows per level 0–5 |")
    print("| --- | ---: | ---: | --- |")
    for row in result["sizes"]:
        levels = " / ".join(f"{n:,}" for n in row.get("per_level", {}).values())
        print(f"| {row['table']} | {row['rows']:,} | {row['bytes'] / 1e6:.1f} | {levels} |")


if __name__ == "__main__":
    main()
