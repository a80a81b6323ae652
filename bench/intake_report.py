"""Results of bench/intake.sh (and bench/helpdesk_peer.sh): one JSON file per configuration,
and a summary table.

    intake_report.py LINES RESULT --database sqlite --workers 2 ... (one configuration)
    intake_report.py --summary OUT RESULT...                        (the table)

The ratio is create req/s over the mean of the two ceiling runs (healthz before and
after). Exits non-zero when a scenario saw a non-2xx answer or a socket error, or when
fewer complaints (tickets) exist after the create run than it counted 2xx responses.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from datetime import datetime, timezone

TARGET_RATIO = 0.11
TARGET_P99_MS = 250
TARGET_MEMORY_MB = 150


def machine() -> dict:
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    cpu = ""
    with open("/proc/cpuinfo") as f:
        cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "load_average": load,
        "sqlite": sqlite3.sqlite_version,
    }


def one(a: argparse.Namespace) -> int:
    rows = {}
    for line in open(a.lines):
        if line.strip():
            r = json.loads(line)
            rows[r["scenario"]] = r
    ceiling = (rows["healthz"]["rps"] + rows["healthz-again"]["rps"]) / 2
    create = rows["create"]
    problems = [
        f"{r['scenario']}: {r['non2xx']} non-2xx, {r['socket_errors']} socket errors"
        for r in rows.values()
        if r["non2xx"] or r["socket_errors"]
    ]
    problems += [f"{r['scenario']}: no response at all" for r in rows.values() if not r["requests"]]
    created = int(a.after) - int(a.before)
    ok = create["requests"] - create["non2xx"]
    if created < ok:
        problems.append(f"create: {ok} 2xx responses but only {created} new rows")
    if a.slot_start + create["requests"] + 4 * a.connections > a.slots:
        problems.append("create: ran out of filing slots (accounts reused): use more --accounts")
    log = ""
    if a.gunicorn_log and os.path.exists(a.gunicorn_log):
        log = open(a.gunicorn_log).read()
        if any(w in log.lower() for w in ("error", "exception", "traceback")):
            problems.append(f"server logged errors: {a.gunicorn_log}")
    mem_end = json.loads(a.memory_end)
    result = {
        "database": a.database,
        "workers": a.workers,
        "connections": a.connections,
        "duration": a.duration,
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": a.commit,
        "machine": machine(),
        "ceiling_rps_mean": round(ceiling, 1),
        "create_rps": create["rps"],
        "ratio": round(create["rps"] / ceiling, 4),
        "create_p50_ms": create["p50_ms"],
        "create_p99_ms": create["p99_ms"],
        "rows_created": created,
        "responses_2xx": ok,
        "warmup_requests_non2xx": a.warmup,
        "slots": a.slots,
        "slot_start": a.slot_start,
        "memory_start": json.loads(a.memory_start),
        "memory_end": mem_end,
        "scenarios": list(rows.values()),
        "problems": problems,
        "targets": {
            "ratio>=0.11": create["rps"] / ceiling >= TARGET_RATIO,
            "p99<250ms": create["p99_ms"] < TARGET_P99_MS,
            "rss<=150MB": bool(mem_end) and max(m["rss_mb"] for m in mem_end) <= TARGET_MEMORY_MB,
        },
    }
    with open(a.result, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    print(f"wrote {a.result}", file=sys.stderr)
    for p in problems:
        print(f"PROBLEM {p}", file=sys.stderr)
    return 1 if problems else 0


def summary(out: str, files: list[str]) -> int:
    results = [json.load(open(f)) for f in files if os.path.exists(f)]
    head = (
        "| database | workers | ceiling req/s (mean) | create req/s | ratio | p50 ms | p99 ms "
        "| RSS / PSS / USS MB per worker after | rows = 2xx | problems |"
    )
    print(head)
    print("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    for r in results:
        mem = "; ".join(
            f"{m['rss_mb']:.0f} / {m['pss_mb']:.0f} / {m['uss_mb']:.0f}" for m in r["memory_end"]
        )
        print(
            f"| {r['database']} | {r['workers']} | {r['ceiling_rps_mean']:,.1f} "
            f"| {r['create_rps']:,.1f} | {r['ratio']:.3f} | {r['create_p50_ms']:.1f} "
            f"| {r['create_p99_ms']:.1f} | {mem} | {r['rows_created']} ≥ {r['responses_2xx']} "
            f"| {len(r['problems'])} |"
        )
    with open(out, "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    return 1 if any(r["problems"] for r in results) else 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--summary":
        return summary(sys.argv[2], sys.argv[3:])
    p = argparse.ArgumentParser()
    p.add_argument("lines")
    p.add_argument("result")
    for name in (
        "database",
        "duration",
        "before",
        "after",
        "memory-start",
        "memory-end",
        "gunicorn-log",
        "commit",
        "warmup",
    ):
        p.add_argument(f"--{name}", default="")
    for name in ("workers", "connections", "slots", "slot-start"):
        p.add_argument(f"--{name}", type=int, default=0)
    return one(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
