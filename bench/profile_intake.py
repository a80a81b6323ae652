#!/usr/bin/env python
"""Where a filing's time goes: POST /api/v1/complaints in-process, through Django's test client.

    .venv/bin/python bench/profile_intake.py --data-dir bench/out/intake-sqlite [--filings 200]
    DATABASE_URL=postgres://… .venv/bin/python bench/profile_intake.py --data-dir bench/out/intake-pg

Against a seeded database (bench/seed.py), with fresh accounts from
``intake_accounts.create`` (the per-account limits on at their defaults, as in
bench/intake.sh). Prints:

1. the statements of one filing (after warm-up) with their time, and the statement count
   of every filing (min / mean / max);
2. ms per filing against ms per ``GET /healthz`` (the empty view) in the same process,
   wall-clock and CPU time of the process, and the share of the filing's time spent
   inside the database driver; then the median over ``--rounds`` rounds, each a tenth of
   the filings followed by ten times as many ``/healthz`` (CPU time is not inflated by
   waiting for a core, but a busy machine still slows it: compare the ratio, measured in
   the same minutes, rather than the ms);
3. cProfile (CPU time of this process) of ``--filings`` more filings: the Python function
   calls per filing (the same on a busy machine and a quiet one), the top functions by
   cumulative time within ``tousu/`` (ms per filing), then the top ones anywhere.

It writes rows (the filings) into that database, as the server would.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data-dir", required=True)
    p.add_argument("--filings", type=int, default=200)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--dump", help="write the cProfile stats to this file")
    p.add_argument("--rounds", type=int, default=10, help="rounds of the unprofiled timing")
    return p.parse_args()


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        kb = next(int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:"))
    return round(kb / 1024, 1)


args = parse_args()
MEMORY = {"interpreter": rss_mb()}
os.environ["TOUSU_DATA_DIR"] = str(Path(args.data_dir).resolve())
os.environ.setdefault("TOUSU_DEBUG", "0")
os.environ.setdefault("TOUSU_LOG_LEVEL", "WARNING")
for name in ("TOUSU_FILING_LIMIT_PER_HOUR", "TOUSU_FILING_LIMIT_PER_DAY"):
    os.environ.pop(name, None)  # the defaults, as in bench/intake.sh
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

import intake_accounts  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tousu import wsgi  # noqa: E402, F401  (what a gunicorn worker imports: URLconf, views)

MEMORY["django.setup() and tousu.wsgi"] = rss_mb()

TOUSU_DIR = str(ROOT / "tousu") + os.sep


class Statements:
    """A database execute wrapper: every statement with its time."""

    def __init__(self):
        self.rows: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.rows.append((sql, time.perf_counter() - start))


def place_of(filename: str) -> str:
    """Where a profiled function lives: a tousu app, a Django layer, another package, the
    standard library or built-ins."""
    if filename.startswith(TOUSU_DIR):
        return "tousu/" + filename[len(TOUSU_DIR) :].split(os.sep)[0]
    if "site-packages" + os.sep in filename:
        parts = filename.split("site-packages" + os.sep, 1)[1].split(os.sep)
        if parts[0] == "django" and len(parts) > 2:
            return "django/" + parts[1] + ("/" + parts[2] if parts[1] == "db" else "")
        return parts[0]
    if filename.startswith("~") or filename.startswith("<"):
        return "built-ins"
    return "stdlib/" + os.path.basename(filename)


def file(client: Client, slot: tuple[str, dict], key: str) -> None:
    token, body = slot
    response = client.post(
        "/api/v1/complaints",
        data=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    if response.status_code != 201:
        sys.exit(f"filing answered {response.status_code}: {response.content[:300]!r}")


def main() -> None:
    n, warm = args.filings, args.warmup
    total = warm + 2 * n + 1
    orders_each = 4
    tag = time.strftime("p%H%M%S")
    slots = intake_accounts.create(-(-total // orders_each), orders_each, tag)
    client = Client()
    client.get("/healthz")
    MEMORY["first GET /healthz"] = rss_mb()
    print(f"database: {connection.vendor}, {n} filings, tag {tag}")

    t0 = time.perf_counter()
    file(client, slots[0], f"{tag}-0")
    first = time.perf_counter() - t0
    MEMORY["first filing (segmenter loaded)"] = rss_mb()
    for i in range(1, warm):  # imports, caches of the process
        file(client, slots[i], f"{tag}-{i}")
    for _ in range(20):
        client.get("/healthz")

    print(f"first filing: {first * 1000:.0f} ms")
    # 1. The statements of one filing.
    one = Statements()
    with connection.execute_wrapper(one):
        file(client, slots[warm], f"{tag}-{warm}")
    print(
        f"\n== statements of one filing: {len(one.rows)}, {sum(t for _, t in one.rows) * 1000:.2f} ms in the driver"
    )
    for sql, t in one.rows:
        text = " ".join(sql.split())
        print(f"  {t * 1000:6.2f} ms  {text[:220]}{'…' if len(text) > 220 else ''}")

    # 2. Time per filing and per empty view, statement counts. In rounds: each round's
    # filings are followed by as many GET /healthz, so both see the same machine; the
    # medians of the rounds are printed (a busy machine slows even this process's CPU time).
    counts, driver = [], 0.0
    start_slot = warm + 1
    elapsed = cpu = 0.0
    rounds: list[tuple[float, float]] = []  # (CPU s per filing, CPU s per /healthz)
    size = max(1, n // args.rounds)
    for first_of_round in range(start_slot, start_slot + n, size):
        round_cpu = 0.0
        done = range(first_of_round, min(first_of_round + size, start_slot + n))
        for i in done:
            rec = Statements()
            with connection.execute_wrapper(rec):
                t0, c0 = time.perf_counter(), time.process_time()
                file(client, slots[i], f"{tag}-{i}")
                elapsed += time.perf_counter() - t0
                round_cpu += time.process_time() - c0
            counts.append(len(rec.rows))
            driver += sum(t for _, t in rec.rows)
        cpu += round_cpu
        c0 = time.process_time()
        for _ in range(10 * len(done)):
            client.get("/healthz")
        rounds.append((round_cpu / len(done), (time.process_time() - c0) / (10 * len(done))))
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        client.get("/healthz")
    empty = (time.perf_counter() - t0) / n
    empty_cpu = (time.process_time() - c0) / n
    per, per_cpu = elapsed / n, cpu / n
    print(f"\n== {n} filings, no profiler")
    print(
        f"  statements per filing: min {min(counts)}, mean {sum(counts) / n:.1f}, max {max(counts)}"
    )
    print(
        f"  ms per filing: {per * 1000:.2f} (of which in the database driver {driver / n * 1000:.2f})"
    )
    print(f"  ms per GET /healthz: {empty * 1000:.3f}; ratio in-process {empty / per:.4f}")
    print(
        f"  CPU ms of this process: filing {per_cpu * 1000:.2f},"
        f" /healthz {empty_cpu * 1000:.3f}; ratio {empty_cpu / per_cpu:.4f}"
    )
    med_filing = statistics.median(f for f, _ in rounds)
    med_empty = statistics.median(e for _, e in rounds)
    med_ratio = statistics.median(e / f for f, e in rounds)
    print(
        f"  CPU ms, median of {len(rounds)} rounds (each: {size} filings, then 10× as many"
        f" /healthz): filing {med_filing * 1000:.2f}, /healthz {med_empty * 1000:.3f};"
        f" ratio {med_ratio:.4f}"
    )

    # 3. cProfile.
    # CPU time, not wall time: the machine is shared, and waiting for a core is not our cost.
    profiler = cProfile.Profile(time.process_time)
    start_slot += n
    profiler.enable()
    for i in range(start_slot, start_slot + n):
        file(client, slots[i], f"{tag}-{i}")
    profiler.disable()
    stats = pstats.Stats(profiler)
    if args.dump:
        stats.dump_stats(args.dump)  # for pstats: print_callees, snakeviz, …
    entries = []
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():
        entries.append((cumtime, tottime, ncalls, filename, line, func))
    entries.sort(reverse=True)
    profiled = max(e[0] for e in entries) / n
    print(
        f"\n== cProfile of {n} filings ({profiled * 1000:.2f} ms per filing of CPU under the profiler;"
        f" {stats.total_calls / n:,.0f} Python function calls per filing, which unlike time"
        " does not depend on the machine's load)"
    )
    print(
        f"  top {args.top} functions in tousu/ by cumulative time (ms per filing, calls per filing)"
    )
    shown = 0
    for cum, tot, calls, filename, line, func in entries:
        if not filename.startswith(TOUSU_DIR):
            continue
        rel = os.path.relpath(filename, ROOT)
        print(
            f"  {cum / n * 1000:7.2f} cum {tot / n * 1000:6.2f} own {calls / n:6.1f}x  {rel}:{line} {func}"
        )
        shown += 1
        if shown >= args.top:
            break
    print("\n  own time by where the code lives (ms per filing, share of the profiled filing)")
    by_place: dict[str, float] = {}
    for _cum, tot, _calls, filename, _line, _func in entries:
        by_place[place_of(filename)] = by_place.get(place_of(filename), 0.0) + tot
    total = sum(by_place.values())
    for place, tot in sorted(by_place.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {tot / n * 1000:7.2f} ms {tot / total:6.1%}  {place}")
    MEMORY[f"after {warm + 2 * n + 1} filings"] = rss_mb()
    print("\n== resident memory of this process (VmRSS, MB) after each stage")
    for stage, mb in MEMORY.items():
        print(f"  {mb:7.1f}  {stage}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(f"\n  top {args.top} functions anywhere by own time (totals over {n} filings)")
    print("\n".join("  " + ln for ln in out.getvalue().splitlines()[6:] if ln.strip()))


if __name__ == "__main__":
    main()
