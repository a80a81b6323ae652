#!/usr/bin/env python
"""Scale-out on PostgreSQL in one command: 4 web processes and 2 workers, loaded and checked.

    .venv/bin/python bench/scaleout.py                       # 100,000 complaints, database tousu_scale
    .venv/bin/python bench/scaleout.py --reuse-seed -d 10s   # again on the same seed, shorter
    .venv/bin/python bench/scaleout.py --cache-url redis://127.0.0.1:6379/0 --sessions cached_db

What it does, in order (docs/scaling.md explains the deployment, docs/benchmarks.md the figures):

1. Database: creates ``--db`` on ``--pg-url`` if it is missing and seeds it with
   bench/seed.py (``--count`` complaints; seed.py drops and recreates its public schema).
   ``--reuse-seed`` keeps a seed of the same size made by an earlier run.
2. Processes: ``--web`` separate gunicorn servers, each one sync worker on its own port
   (``--base-port``, +1, …), and ``--workers`` × ``tousu worker``; all share only the
   database, the cache (``--cache-url``; empty: the database cache) and the sessions
   (``--sessions``). SMS and e-mail go to the counting sinks of bench/soak_sink.py.
3. Credentials: a bearer token from the first server, an agent session by signing in at
   the second; before any load, every server must accept both (sessions are shared).
4. Load with wrk, one thread per web process, each thread's connections pinned to its
   own server (bench/wrk/spread.lua), so requests are spread evenly over the servers:
   ``healthz`` (the ceiling), ``create`` (POST /api/v1/complaints from ``--accounts``
   fresh consumers with their own orders and tokens, as bench/intake.sh: bench/wrk/intake.lua,
   each thread its own range of accounts, the per-account filing limits on at their
   defaults; every answer's number and Idempotency-Key recorded), ``healthz-again``,
   ``queue`` (the 12-page rotation of bench/run.sh at one connection per server).
5. SLA sweep: for every complaint filed in ``create``, its oldest running deadline, plus
   ``--sweep-extra`` copies of it on open seeded complaints, is made due at once
   (bench/scaleout_check.py); the time until the workers have swept all of them is
   measured, then each is checked to have been fired once.
6. Drain: the outbox is given ``--drain-timeout`` seconds; the processes are stopped.
7. Checks (bench/soak_check.py): complaint numbers unique in the whole table; every
   acknowledged filing in the database once; every notification the acknowledgements
   require in the outbox; every outbox row of the run sent, every inbox notice stored
   exactly once, every SMS handed to the gateway exactly once; every due deadline
   swept once.

Exit status 0 only if every check passed and no request was answered outside 2xx.
The table goes to stdout, everything to ``bench/out/scaleout-<run>/results.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import machine  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
QUEUE_PAGES = [
    "/desk/",
    "/desk/?sort=priority",
    "/desk/?status=waiting_merchant",
    "/desk/?channel=phone&sort=priority",
    "/desk/?category=food_safety",
    "/desk/?assignee=none&sort=oldest",
    "/desk/?assignee=mine",
    "/desk/?priority=4",
    "/desk/?status=any&shop=BM0007",
    "/desk/?status=waiting_evidence&category=counterfeit",
]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432")
    p.add_argument("--db", default="tousu_scale", help="database to create and seed (its own!)")
    p.add_argument("--count", type=int, default=100_000, help="seeded complaints")
    p.add_argument("--reuse-seed", action="store_true", help="keep a seed of this size")
    p.add_argument("--web", type=int, default=4, help="gunicorn servers, one worker each")
    p.add_argument("--workers", type=int, default=2, help="tousu worker processes")
    p.add_argument("--base-port", type=int, default=8170)
    p.add_argument("-c", "--connections", type=int, default=16)
    p.add_argument("-d", "--duration", default="20s")
    p.add_argument("--warmup", default="5s")
    p.add_argument("--cache-url", default="", help="TOUSU_CACHE_URL (empty: database cache)")
    p.add_argument("--sessions", default="db", choices=["db", "cached_db"])
    p.add_argument(
        "--sweep-extra", type=int, default=2000, help="due deadlines added on seeded complaints"
    )
    p.add_argument(
        "--accounts", type=int, default=3000, help="fresh consumers filing, 4 orders each"
    )
    p.add_argument("--sweep-timeout", type=float, default=300)
    p.add_argument("--drain-timeout", type=float, default=300)
    return p.parse_args()


def wait_for(port: int, path: str = "/healthz", tries: int = 150) -> None:
    for _ in range(tries):
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not come up")


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes, list]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        conn.close()


def post(port: int, path: str, body: bytes, headers: dict) -> tuple[int, bytes, list]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        conn.close()


def database(args) -> str:
    with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{args.db}"')
    return f"{args.pg_url}/{args.db}"


def run_quiet(cmd: list[str], env: dict, log: Path, what: str) -> None:
    with open(log, "wb") as out:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        raise SystemExit(f"{what} failed (exit {done.returncode}), see {log}")


def check_json(step: list[str], env: dict) -> dict:
    done = subprocess.run(
        [PY, *step], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(step)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def credentials(ports: list[int]) -> tuple[str, str]:
    """A bearer token from the first server, an agent session signed in on the second."""
    body = json.dumps({"username": "bench-consumer", "password": "bench-pass"}).encode()
    status, data, _ = post(
        ports[0], "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    if status != 200:
        raise SystemExit(f"token request answered {status}")
    token = json.loads(data)["token"]
    login = ports[1 % len(ports)]
    status, page, headers = get(login, "/login/")
    set_cookies = " ".join(v for k, v in headers if k.lower() == "set-cookie")
    csrf = re.search(r"csrftoken=([^;]+)", set_cookies).group(1)
    form = urllib.parse.urlencode(
        {"username": "bench-agent", "password": "bench-pass", "csrfmiddlewaretoken": csrf}
    ).encode()
    status, _, answer = post(
        login,
        "/login/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
    )
    cookies = " ".join(v for k, v in answer if k.lower() == "set-cookie")
    session = re.search(r"sessionid=([^;]+)", cookies)
    if status != 302 or not session:
        raise SystemExit(f"agent sign-in answered {status}")
    return token, f"sessionid={session.group(1)}"


def shared_everywhere(ports: list[int], token: str, cookie: str) -> dict:
    """Each server accepts the token issued by one and the session signed in on another."""
    seen = {}
    for port in ports:
        api = get(port, "/api/v1/complaints", {"Authorization": f"Bearer {token}"})[0]
        desk = get(port, "/desk/", {"Cookie": cookie})[0]
        seen[port] = {"api_with_token": api, "desk_with_session": desk}
        if (api, desk) != (200, 200):
            raise SystemExit(f"port {port} refused the shared credentials: {seen[port]}")
    return seen


def wrk(name: str, script: str, args, env: dict, work: Path, duration: str, connections: int):
    """Run wrk with one thread per server (bench/wrk/spread.lua pins each thread to one)."""
    settle(args)  # requests queued by the previous scenario must not land in this one
    load = os.getloadavg()[0]
    out = work / f"wrk-{name}.txt"
    with open(out, "w") as handle:
        subprocess.run(
            ["wrk", f"-t{args.web}", f"-c{connections}", f"-d{duration}", "--timeout", "30s"]
            + ["--latency", "-s", str(ROOT / "bench/wrk/spread.lua")]
            + [f"http://127.0.0.1:{args.base_port}/"],
            cwd=ROOT,
            env={**env, "SCENARIO": name, "SPREAD_SCRIPT": script},
            stdout=handle,
            check=True,
        )
    line = next(x for x in out.read_text().splitlines() if x.startswith("BENCH_JSON "))
    result = {**json.loads(line.removeprefix("BENCH_JSON ")), "load_average_before": load}
    print(
        f"  {name:14} {result['rps']:9.1f} req/s  p50 {result['p50_ms']:7.1f}  "
        f"p95 {result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f} ms  non-2xx {result['non2xx']}",
        flush=True,
    )
    return result


def settle(args, quick: float = 0.5, limit: float = 120) -> None:
    """Wait until every server answers /healthz within ``quick`` seconds (its backlog is gone)."""
    start = time.monotonic()
    ports = [args.base_port + i for i in range(args.web)]
    while time.monotonic() - start < limit:
        slow = []
        for port in ports:
            t = time.monotonic()
            get(port, "/healthz")
            if time.monotonic() - t > quick:
                slow.append(port)
        if not slow:
            time.sleep(1)
            return
        time.sleep(1)


def acks(work: Path) -> dict:
    """Idempotency-Key → complaint number, from the lines spread.lua wrote per thread."""
    found = {}
    for path in work.glob("acks-*.tsv"):
        for line in path.read_text().splitlines():
            key, number = line.split("\t")
            found[key] = {"number": number}
    return found


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    run = time.strftime("%Y%m%d%H%M%S")
    work = ROOT / "bench" / "out" / f"scaleout-{run}"
    work.mkdir(parents=True)
    data_dir = ROOT / "bench" / "out" / f"scale-pg-{args.count}"
    sink = work / "sink.tsv"
    url = database(args)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tousu.settings",
        "DATABASE_URL": url,
        "TOUSU_DATA_DIR": str(data_dir),
        "TOUSU_DEBUG": "0",
        "TOUSU_LOG_LEVEL": "WARNING",
        "TOUSU_CACHE_URL": args.cache_url,
        "TOUSU_SESSION_ENGINE": args.sessions,
        "TOUSU_SMS_PROVIDER": "bench.soak_sink.FileSmsProvider",
        "TOUSU_EMAIL_BACKEND": "bench.soak_sink.FileEmailBackend",
        "SOAK_SINK": str(sink),
        "WRK_LUA_DIR": str(ROOT / "bench/wrk"),
        "ACK_DIR": str(work),
    }
    result: dict = {"run": run, "args": vars(args), "machine": machine(), "database": url}
    print(f"work dir {work}; database {url}; load average {os.getloadavg()[0]:.1f}", flush=True)

    meta_file = data_dir / "bench-meta.json"
    reuse = args.reuse_seed and meta_file.exists()
    t = time.monotonic()
    if not reuse:
        data_dir.mkdir(parents=True, exist_ok=True)
        run_quiet(
            [PY, "bench/seed.py", "--count", str(args.count), "--data-dir", str(data_dir)]
            + ["--no-search-index"],
            env,
            work / "seed.log",
            "seeding",
        )
    run_quiet([PY, "manage.py", "migrate", "--noinput"], env, work / "migrate.log", "migrate")
    run_quiet(
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env,
        work / "static.log",
        "collectstatic",
    )
    meta = json.loads(meta_file.read_text())
    env["BENCH_ORDERS"] = str(meta["bench_orders"])
    # Many consumers file, as in life and as bench/intake.sh: one account's filings take
    # turns on its row lock (the per-account limits), which would measure that lock.
    slots = work / "slots.txt"
    run_quiet(
        [PY, "bench/intake_accounts.py", "--data-dir", str(data_dir)]
        + ["--accounts", str(args.accounts), "--orders-each", "4", "--tag", f"s{run}"]
        + ["--out", str(slots)],
        env,
        work / "accounts.log",
        "creating the consumers",
    )
    # Thread t of the warm-up takes slots from t * stride, the measured run from
    # t * stride + stride // 4: consecutive slots are different accounts, and no slot
    # (account and order) is used twice.
    stride = 4 * args.accounts // args.web
    env.update(SLOTS=str(slots), SLOT_STRIDE=str(stride), KEY_IN_DESCRIPTION="1")
    result["seed"] = {"reused": reuse, "seconds": round(time.monotonic() - t, 1), **meta}
    print(f"seed {'reused' if reuse else 'made'} in {result['seed']['seconds']} s", flush=True)

    ports = [args.base_port + i for i in range(args.web)]
    env["SPREAD_PORTS"] = " ".join(map(str, ports))
    procs: list[subprocess.Popen] = []
    logs = []
    try:
        for port in ports:
            log = open(work / f"web-{port}.log", "wb")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "tousu.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
                    + ["--log-level", "warning"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
        for n in range(args.workers):
            log = open(work / f"worker-{n}.log", "wb")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    [str(BIN / "tousu"), "worker", "--interval", "0.5"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
        for port in ports:
            wait_for(port)
        token, cookie = credentials(ports)
        result["shared_credentials"] = shared_everywhere(ports, token, cookie)
        env.update(TOKEN=token, COOKIE=cookie, QUEUE_URLS=" ".join(QUEUE_PAGES))

        print("== load (wrk, one thread per server)", flush=True)
        scenarios = result["scenarios"] = {}
        wrk_env = {**env, "RUN_ID": f"warm{run}"}
        wrk("warmup", "healthz", args, wrk_env, work, args.warmup, args.connections)
        wrk("warmup-create", "intake.lua", args, wrk_env, work, args.warmup, args.connections)
        for path in work.glob("acks-*.tsv"):
            path.unlink()  # the warm-up's filings are not the run's
        scenarios["healthz"] = wrk(
            "healthz", "healthz", args, env, work, args.duration, args.connections
        )
        scenarios["create"] = wrk(
            "create",
            "intake.lua",
            args,
            {**env, "RUN_ID": f"soak-{run}", "SLOT_START": str(stride // 4)},
            work,
            args.duration,
            args.connections,
        )
        scenarios["healthz-again"] = wrk(
            "healthz-again", "healthz", args, env, work, args.duration, args.connections
        )
        scenarios["queue"] = wrk("queue", "queue.lua", args, env, work, args.duration, args.web)
        time.sleep(3)  # filings still in flight when wrk stopped commit now

        print("== SLA sweep", flush=True)
        due = work / "due.json"
        made = check_json(
            ["bench/scaleout_check.py", "make-due", "--run-id", run, "--out", str(due)]
            + ["--extra", str(args.sweep_extra)],
            env,
        )
        swept = check_json(
            ["bench/scaleout_check.py", "wait-swept", "--due", str(due)]
            + ["--timeout", str(args.sweep_timeout)],
            env,
        )
        result["sweep"] = {**made, **swept}
        print(f"  {swept}", flush=True)
        result["sweep_check"] = check_json(
            ["bench/scaleout_check.py", "check-swept", "--due", str(due)], env
        )

        print("== drain", flush=True)
        result["drain"] = check_json(
            ["bench/soak_check.py", "drain", "--timeout", str(args.drain_timeout)], env
        )
        print(f"  {result['drain']}", flush=True)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()

    (work / "acks.json").write_text(json.dumps(acks(work)))
    counted = check_json(
        ["bench/soak_check.py", "count", "--run-id", run]
        + ["--acks", str(work / "acks.json"), "--sink", str(sink)],
        env,
    )
    result["counts"] = counted
    verdict = result["verdict"] = verdicts(result)
    (work / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(table(result))
    print(f"results: {work / 'results.json'}")
    return 0 if all(verdict.values()) else 1


def verdicts(result: dict) -> dict:
    c, n = result["counts"]["complaints"], result["counts"]["notifications"]
    return {
        "every request answered 2xx": all(
            s["non2xx"] == 0 and s["socket_errors"] == 0 for s in result["scenarios"].values()
        ),
        "complaint numbers unique": not c["numbers_used_twice"],
        "no acknowledged filing lost or doubled": not c["lost"] and not c["duplicated"],
        # Requests still in flight when wrk stops commit unanswered: at most one per connection.
        "every other answer recorded": c["client_acknowledged"] > 0
        and len(c["filed_but_never_acknowledged"]) <= result["args"]["connections"],
        "outbox drained": result["drain"]["drained"],
        "no notification missing": not n["missing_from_outbox"] and not n["not_sent"],
        "inbox notices exactly once": not n["inbox"]["lost"] and not n["inbox"]["duplicated"],
        "SMS exactly once": not n["sms"]["lost"] and not n["sms"]["duplicated"],
        "every due deadline swept once": result["sweep_check"]["ok"]
        and result["sweep"]["left_running"] == 0,
    }


def table(result: dict) -> str:
    s = result["scenarios"]
    ceiling = max(s["healthz"]["rps"], s["healthz-again"]["rps"])
    lines = [
        "",
        "| scenario | req/s | ratio to ceiling | p50 ms | p95 ms | p99 ms | non-2xx |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in s.items():
        lines.append(
            f"| {name} | {row['rps']:,.1f} | {row['rps'] / ceiling:.3f} | {row['p50_ms']:.1f} "
            f"| {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['non2xx']} |"
        )
    sweep, n = result["sweep"], result["counts"]["notifications"]
    lines += [
        "",
        f"SLA sweep: {sweep['deadlines']} deadlines due at once, none left after "
        f"{sweep['seconds_until_none_left']} s ({sweep['per_second']}/s) with "
        f"{result['args']['workers']} workers; outcomes {result['sweep_check']['outcomes']}",
        f"Outbox: {n['outbox_rows']} rows {n['by_state']}, inbox {n['inbox']['delivered']}/"
        f"{n['inbox']['rows']}, SMS {n['sms']['delivered']}/{n['sms']['rows']}; "
        f"drained in {result['drain']['seconds']} s",
        "",
    ]
    lines += [f"{'PASS' if ok else 'FAIL'}  {check}" for check, ok in result["verdict"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
