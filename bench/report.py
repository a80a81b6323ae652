"""Collect the wrk JSON lines of one bench/run.sh run into a results file and a table.

Exits non-zero when any scenario saw a non-2xx answer or a socket error, or when fewer
complaints exist after the create scenario than it counted successful responses:
a benchmark that measured 401s or rollbacks is worthless.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), ""
            )
    except OSError:
        pass
    try:
        gunicorn = subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--version"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        gunicorn = ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": gunicorn,
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
    }


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("lines")
    p.add_argument("results")
    for name in (
        "seeded",
        "workers",
        "threads",
        "connections",
        "queue-connections",
        "duration",
        "before",
        "after",
        "queue-urls",
        "commit",
    ):
        p.add_argument(f"--{name}", default="")
    a = p.parse_args()
    rows = [json.loads(line) for line in open(a.lines) if line.strip()]
    by = {r["scenario"]: r for r in rows}
    ceiling = max(r["rps"] for r in rows if r["scenario"].startswith("healthz"))
    problems = []
    for r in rows:
        r["ratio_to_ceiling"] = round(r["rps"] / ceiling, 3)
        if r["non2xx"] or r["socket_errors"]:
            problems.append(
                f"{r['scenario']}: {r['non2xx']} non-2xx, {r['socket_errors']} socket errors"
            )
    created = None
    if a.before and a.after and "create" in by:
        created = int(a.after) - int(a.before)
        # wrk stops counting at the deadline, so a few in-flight requests may still
        # have committed: created >= counted responses, and only by a few.
        if created < by["create"]["requests"] - by["create"]["non2xx"]:
            problems.append(
                f"create: {created} new complaints but {by['create']['requests']} responses"
            )
    result = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "commit": a.commit,
        "seeded_complaints": int(a.seeded),
        "gunicorn_workers": int(a.workers),
        "wrk": {
            "threads": int(a.threads),
            "connections": int(a.connections),
            "queue_connections": int(a.queue_connections),
            "duration": a.duration,
        },
        "ceiling_rps": ceiling,
        "complaints_before_create": int(a.before) if a.before else None,
        "complaints_after_create": int(a.after) if a.after else None,
        "complaints_created": created,
        "queue_urls": dict(line.split("=", 1) for line in a.queue_urls.splitlines() if line),
        "scenarios": rows,
        "problems": problems,
    }
    with open(a.results, "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)

    print(
        f"\nN={a.seeded} workers={a.workers} wrk -t{a.threads} -c{a.connections} -d{a.duration}"
        f" (queue: -c{a.queue_connections}); ceiling {ceiling:.0f} req/s"
    )
    print(
        f"{'scenario':<18}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'non2xx':>8}"
    )
    for r in rows:
        print(
            f"{r['scenario']:<18}{r['rps']:>9.1f}{r['ratio_to_ceiling']:>8.3f}{r['p50_ms']:>9.1f}"
            f"{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['non2xx']:>8}"
        )
    if created is not None:
        print(
            f"complaints: {a.before} before create, {a.after} after: {created} created,"
            f" {by['create']['requests']} responses counted"
        )
    print(f"results: {a.results}")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
