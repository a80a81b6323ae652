"""Where does a desk queue page spend its time? SQL, plan and Python, per URL.

    .venv/bin/python bench/explain.py --data-dir bench/out/db-1m "/desk/" "/desk/?sort=priority"

Fetches each URL in-process as bench-agent (Django test client, no server), then
prints the page's total time, the queries it ran, the query plan of the complaint
query and how long that query alone takes when re-run. Diagnostic only: the numbers
that count come from bench/run.sh.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", required=True)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("urls", nargs="*", default=["/desk/"])
    a = p.parse_args()
    os.environ["TOUSU_DATA_DIR"] = str(Path(a.data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.http import HttpRequest
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    if not client.login(
        request=HttpRequest(), username="bench-agent", password="bench-pass"
    ):  # axes needs a request
        raise SystemExit("bench-agent cannot log in: was the database seeded with bench/seed.py?")
    for url in a.urls:
        assert client.get(url).status_code == 200, url
        pages = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            client.get(url)
            pages.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        sql = next(
            (x["sql"] for x in q.captured_queries if 'FROM "complaints_complaint"' in x["sql"]),
            None,
        )
        print(f"\n=== {url}")
        print(
            f"page in-process: median {statistics.median(pages):.1f} ms, max {max(pages):.1f} ms;"
            f" {len(q.captured_queries)} queries"
        )
        if sql is None:
            continue
        with connection.cursor() as cur:
            runs = []
            for _ in range(a.repeat):
                t = time.perf_counter()
                cur.execute(sql)
                cur.fetchall()
                runs.append((time.perf_counter() - t) * 1000)
            print(
                f"complaint query alone: median {statistics.median(runs):.2f} ms, max {max(runs):.2f} ms"
            )
            print(f"SQL: {sql}")
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
            cur.execute(explain + sql)
            for row in cur.fetchall():
                print("  plan:", " | ".join(str(c) for c in row))


if __name__ == "__main__":
    main()
