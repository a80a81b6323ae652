#!/usr/bin/env python
"""Search benchmark: query latency at table size, and what indexing adds to a filing.

    .venv/bin/python bench/search_bench.py --data-dir bench/out/db-1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tousu_bench \\
        .venv/bin/python bench/search_bench.py --data-dir bench/out/pg-1m

Runs against a database seeded by ``bench/seed.py`` (which builds the search index in
bulk), in-process as ``bench-agent`` through Django's test client: middleware, the
view, the queries and the template, no network and no server. Each scenario is
requested ``--repeat`` times after one warm-up request; the rare order number and the
complaint number differ on every request (drawn from the seeded complaints). The
ceiling is measured in the same run: ``/healthz`` (no database) and the queue's first
page (``/desk/``, the page the queue targets were set for).

Then the cost of indexing on the write path: ``--filings`` complaints filed through
``filing.file_complaint`` (bench-consumer's orders)
and as many messages posted, alternately with and without the search subscriber, each
inside a transaction that is rolled back, so the database is left as it was.

Writes ``bench/out/search-<count>-<vendor>.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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
p.add_argument("--repeat", type=int, default=40)
p.add_argument("--filings", type=int, default=100)
p.add_argument("--seed", type=int, default=7)
args = p.parse_args()
os.environ["TOUSU_DATA_DIR"] = str(Path(args.data_dir).resolve())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.test import Client  # noqa: E402

from tousu.accounts.models import User  # noqa: E402
from tousu.complaints import actions, events, filing  # noqa: E402
from tousu.complaints.access import complaints_for  # noqa: E402
from tousu.complaints.choices import Channel  # noqa: E402
from tousu.complaints.models import Complaint  # noqa: E402
from tousu.search import engine, indexer, query  # noqa: E402


class Rollback(Exception):
    pass


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 2),
        "p95": round(p95, 2),
        "max": round(ordered[-1], 2),
    }


def timed_get(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def scenario(client: Client, urls) -> dict:
    """``urls``: one URL, or a function of the repetition number giving one."""
    url_for = urls if callable(urls) else (lambda _i: urls)
    timed_get(client, url_for(-1))  # warm-up
    return percentiles([timed_get(client, url_for(i)) for i in range(args.repeat)])


def engine_scenario(agent: User, texts) -> dict:
    """``engine.search`` alone (match, rank, page rows, excerpts): no view, no template."""
    text_for = texts if callable(texts) else (lambda _i: texts)

    def once(i: int) -> float:
        started = time.perf_counter()
        engine.search(agent, query.parse(text_for(i)), complaints_for(agent))
        return (time.perf_counter() - started) * 1000

    once(-1)
    return percentiles([once(i) for i in range(args.repeat)])


def index_size() -> str:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' OR name LIKE "
                "'sqlite_autoindex_search%'"
            )
        else:
            cur.execute("SELECT pg_total_relation_size('search_document')")
        size = cur.fetchone()[0] or 0
    return f"{size / 1e6:.0f} MB"


def filing_cost(consumer: User, agent: User, orders: list[str]) -> dict:
    """Per filing and per message: milliseconds with and without the search subscriber."""
    handler = indexer.on_timeline_appended
    listeners = events._subscribers[events.TimelineAppended]  # bench only: detach and re-attach
    target = Complaint.objects.filter(status="waiting_merchant").order_by("-id").first()
    samples: dict[str, list[float]] = {k: [] for k in ("file+", "file-", "msg+", "msg-")}
    rnd = random.Random(args.seed)
    for i in range(args.filings * 2):
        indexed = i % 2 == 0
        if not indexed:
            listeners.remove(handler)
        try:
            draft = filing.Draft(
                kind="after_sales",
                category="delivery",
                demand="refund_only",
                description="下单十天了还没有发货，客服一直说马上发，商家迟迟不发货，太慢了，要求退款。",
                order_number=rnd.choice(orders),
                amount_fen=100,
            )
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    filing.file_complaint(consumer, draft, channel=Channel.APP)
                    samples["file+" if indexed else "file-"].append(
                        (time.perf_counter() - started) * 1000
                    )
                    raise Rollback
            except Rollback:
                pass
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    actions.post_message(
                        target, agent, "已联系商家核实，请耐心等待退款到账。", channel=Channel.DESK
                    )
                    samples["msg+" if indexed else "msg-"].append(
                        (time.perf_counter() - started) * 1000
                    )
                    raise Rollback
            except Rollback:
                pass
        finally:
            if not indexed:
                listeners.append(handler)
    out = {k: percentiles(v) for k, v in samples.items()}
    out["filing_added_ms_p50"] = round(out["file+"]["p50"] - out["file-"]["p50"], 2)
    out["message_added_ms_p50"] = round(out["msg+"]["p50"] - out["msg-"]["p50"], 2)
    return out


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    meta = json.loads((Path(args.data_dir) / "bench-meta.json").read_text())
    client = Client()
    if not client.login(request=HttpRequest(), username="bench-agent", password="bench-pass"):
        raise SystemExit("bench-agent cannot log in: was the database seeded with bench/seed.py?")
    token = client.post(
        "/api/v1/auth/token",
        {"username": "bench-agent", "password": "bench-pass"},
        content_type="application/json",
    ).json()["token"]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    rnd = random.Random(args.seed)
    top = Complaint.objects.order_by("-id").values_list("id", flat=True).first()
    picks = []
    while len(picks) < args.repeat + 1:
        row = (
            Complaint.objects.filter(id=rnd.randint(1, top), order__isnull=False)
            .values_list("number", "order_snapshot")
            .first()
        )
        if row:
            picks.append((row[0], row[1]["number"]))
    phone = User.objects.filter(username="consumer00042").values_list("phone", flat=True).get()
    agent = User.objects.get(username="bench-agent")
    results = {
        "search alone: 退款": engine_scenario(agent, "退款"),
        "search alone: phrase 发货太慢": engine_scenario(agent, "发货太慢"),
        "search alone: rare order number": engine_scenario(agent, lambda i: picks[i][1]),
        "search alone: complaint number": engine_scenario(agent, lambda i: picks[i][0]),
        "healthz (ceiling)": scenario(client, "/healthz"),
        "queue first page (/desk/)": scenario(client, "/desk/"),
        "desk: 退款 (open complaints)": scenario(client, "/desk/?q=退款"),
        "desk: 退款, any status": scenario(client, "/desk/?q=退款&status=any"),
        "desk: 退款, one shop": scenario(client, "/desk/?q=退款&status=any&shop=BM0007"),
        "desk: phrase 发货太慢, any status": scenario(client, "/desk/?q=发货太慢&status=any"),
        "desk: rare order number, any status": scenario(
            client, lambda i: f"/desk/?status=any&q={picks[i][1]}"
        ),
        "desk: complaint number, any status": scenario(
            client, lambda i: f"/desk/?status=any&q={picks[i][0]}"
        ),
        "desk: full phone number, any status": scenario(client, f"/desk/?status=any&q={phone}"),
        "api: 退款": scenario(api, "/api/v1/search?q=退款"),
        "api: rare order number": scenario(api, lambda i: f"/api/v1/search?q={picks[i][1]}"),
    }
    consumer = User.objects.get(username="bench-consumer")
    orders = [f"BENCH{n:06d}" for n in range(meta.get("bench_orders", 1000))]
    cost = filing_cost(consumer, agent, orders)
    report = {
        "count": meta["count"],
        "vendor": connection.vendor,
        "repeat": args.repeat,
        "window": settings.TOUSU_SEARCH_RANK_WINDOW,
        "matches": {
            text: engine.search(agent, query.parse(text), complaints_for(agent)).window_full
            for text in ("退款", "发货太慢")
        },
        "index_size": index_size(),
        "load_average": os.getloadavg(),
        "scenarios": results,
        "indexing_cost": cost,
    }
    out = ROOT / "bench" / "out" / f"search-{meta['count']}-{connection.vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"\n{meta['count']:,} complaints, {connection.vendor}, index {report['index_size']}")
    print("| scenario | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['p50']} | {r['p95']} | {r['max']} |")
    print("\n| write | with index p50 ms | without p50 ms | added p50 ms |\n|---|---:|---:|---:|")
    print(
        f"| file_complaint | {cost['file+']['p50']} | {cost['file-']['p50']} | "
        f"{cost['filing_added_ms_p50']} |"
    )
    print(
        f"| post_message | {cost['msg+']['p50']} | {cost['msg-']['p50']} | "
        f"{cost['message_added_ms_p50']} |"
    )
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
