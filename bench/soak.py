#!/usr/bin/env python
"""Reliability drill: file complaints under load while processes die and PostgreSQL restarts.

    .venv/bin/python bench/soak.py                         # 75 s on a throwaway PostgreSQL cluster
    .venv/bin/python bench/soak.py --duration 300 --filers 6 --workers 3
    .venv/bin/python bench/soak.py --pg-url postgresql://postgres@127.0.0.1:5432   # a running server
    .venv/bin/python bench/soak.py --sqlite                # SQLite file; no server to restart

What it does, in order:

1. Database. By default ``initdb`` of a private cluster in a temporary directory, served
   on 127.0.0.1:--pg-port with trust authentication (as the postgres user when run as
   root). With ``--pg-url`` the database ``--db-name`` (tousu_soak) is created on that
   server instead. Either way it is dropped at the end (``--keep`` keeps it).
2. ``bench/seed.py --count 0``: migrations, users, shops, orders (bench-consumer has
   ``--orders`` orders BENCH000000…); no seeded complaints, so ``tousu verify`` checks only
   what the soak filed.
3. gunicorn (``--web-workers``) and ``--workers`` × ``tousu worker``, with the SMS gateway
   and mail server replaced, through the ordinary settings, by the counting sinks of
   bench/soak_sink.py; the outbox lease is ``--lease`` seconds so that a killed worker's
   claimed rows come back within the run.
4. For ``--duration`` seconds, ``--filers`` threads POST /api/v1/complaints as
   bench-consumer, each request with its own Idempotency-Key (also written at the end of
   the description). A request that fails (connection refused or reset, timeout, 5xx,
   409 "already being processed") is retried with the same key and body until it is
   answered 200/201, for at most ``--give-up`` seconds after the end.
5. Meanwhile: a random ``tousu worker`` is SIGKILLed every ``--kill-every`` seconds
   (a random interval in that range) and started again ``--down`` seconds later; a random
   gunicorn worker is SIGKILLed every ``--web-kill-every`` seconds (gunicorn's master
   starts a new one); a worker that exits on its own is restarted at once (systemd's
   ``Restart=always``) and counted. Half-way through, PostgreSQL is stopped and, after
   ``--pg-down`` seconds, started again (``--pg-restart``: see bench/soak_pg.py).
6. When filing ends the kills stop, the outbox is given ``--drain-timeout`` seconds to
   empty, the processes are stopped, and bench/soak_check.py counts: complaints the
   clients were told were filed vs the database (lost, duplicated), every timeline,
   notifications the committed acknowledgements require vs the outbox vs the inbox and
   the SMS sink (lost, duplicated); then ``tousu verify``.

Exit status 0 only if nothing was lost or duplicated, every key was answered, the
outbox drained and ``tousu verify`` passed. The report goes to stdout and, as JSON, to
``bench/out/soak-<run>/results.json`` with the logs of every process.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.soak_pg import ExistingServer, PrivateCluster  # noqa: E402

PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
DESCRIPTION = "耳机左耳没有声音，重新配对也不行，要求退款。({key})"


def parse_args() -> argparse.Namespace:
    def span(text: str) -> tuple[float, float]:
        low, _, high = text.partition(":")
        return float(low), float(high or low)

    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--duration", type=float, default=75, help="seconds of filing (default 75)")
    p.add_argument("--filers", type=int, default=4, help="client threads (default 4)")
    p.add_argument("--web-workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--workers", type=int, default=2, help="tousu worker processes (default 2)")
    p.add_argument("--kill-every", type=span, default=(3, 10), help="seconds, MIN:MAX; 0 = never")
    p.add_argument(
        "--down", type=span, default=(0.5, 3), help="a killed worker stays down MIN:MAX s"
    )
    p.add_argument("--web-kill-every", type=span, default=(8, 20), help="MIN:MAX s; 0 = never")
    p.add_argument("--pg-restart", choices=["restart", "terminate", "none"], default="restart")
    p.add_argument("--pg-down", type=float, default=3, help="seconds the server stays stopped")
    p.add_argument(
        "--pg-url", help="use this running server, e.g. postgresql://postgres@127.0.0.1:5432"
    )
    p.add_argument("--pg-port", type=int, default=5433, help="port of the private cluster")
    p.add_argument(
        "--force-restart",
        action="store_true",
        help="restart --pg-url's server even if other databases are in use",
    )
    p.add_argument("--db-name", default="tousu_soak")
    p.add_argument("--sqlite", action="store_true", help="SQLite file instead of PostgreSQL")
    p.add_argument("--port", type=int, default=8766, help="gunicorn port")
    p.add_argument(
        "--client-timeout", type=float, default=30, help="seconds a filer waits for an answer"
    )
    p.add_argument("--orders", type=int, default=500, help="orders of bench-consumer")
    p.add_argument("--lease", type=int, default=15, help="TOUSU_OUTBOX_LEASE_SECONDS for the run")
    p.add_argument(
        "--give-up", type=float, default=120, help="seconds after the end to keep retrying"
    )
    p.add_argument("--drain-timeout", type=float, default=240)
    p.add_argument("--sms-latency-ms", type=int, default=0, help="time the fake gateway takes")
    p.add_argument("--seed", type=int, help="random seed of the kill schedule")
    p.add_argument(
        "--keep", action="store_true", help="keep the database (and the private cluster running)"
    )
    args = p.parse_args()
    if args.sqlite:
        args.pg_restart = "none"
    return args


class Log:
    """Timestamped events of the run, relative to the start of filing."""

    def __init__(self):
        self.t0 = time.monotonic()
        self.wall0 = time.time()  # to line event times up with the sink's unix times
        self.lock = threading.Lock()
        self.events: list[tuple[float, str, str]] = []

    def now(self) -> float:
        return time.monotonic() - self.t0

    def __call__(self, kind: str, detail: str = "", quiet: bool = False) -> None:
        t = self.now()
        with self.lock:
            self.events.append((round(t, 2), kind, detail))
        if not quiet:
            print(f"[{t:7.1f}s] {kind} {detail}", flush=True)

    def count(self, kind: str) -> int:
        return sum(1 for _, k, _ in self.events if k == kind)


# --- HTTP ---------------------------------------------------------------------------------


def request(port: int, method: str, path: str, body: bytes, headers: dict, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body, {"Content-Type": "application/json", **headers})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Filer(threading.Thread):
    """Files complaints with one Idempotency-Key each, retrying a key until it is answered."""

    def __init__(self, n, args, token, run_id, log, stop_at, give_up_at):
        super().__init__(name=f"filer-{n}", daemon=True)
        self.n, self.args, self.token, self.run_id, self.log = n, args, token, run_id, log
        self.stop_at, self.give_up_at = stop_at, give_up_at
        self.rnd = random.Random(f"{run_id}-{n}")
        self.results: dict[str, dict] = {}
        self.errors: list[tuple[float, str]] = []

    def run(self) -> None:
        i = 0
        while time.monotonic() < self.stop_at:
            i += 1
            self.file(f"soak-{self.run_id}-f{self.n}-{i}")

    def file(self, key: str) -> None:
        body = json.dumps(
            {
                "order_number": f"BENCH{self.rnd.randrange(self.args.orders):06d}",
                "kind": "after_sales",
                "category": "quality",
                "demand": "refund_only",
                "amount_fen": 5000,
                "description": DESCRIPTION.format(key=key),
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        result = self.results[key] = {"attempts": 0, "errors": []}
        pause = 0.2
        while True:
            result["attempts"] += 1
            try:
                status, data = request(
                    self.args.port,
                    "POST",
                    "/api/v1/complaints",
                    body,
                    headers,
                    timeout=self.args.client_timeout,
                )
            except (OSError, http.client.HTTPException) as error:
                kind = type(error).__name__
            else:
                answer = json.loads(data) if data[:1] == b"{" else {}
                if status in (200, 201):
                    result.update(
                        status=status, number=answer["number"], t=round(self.log.now(), 2)
                    )
                    return
                if status == 409 and answer.get("code") == "idempotency_conflict":
                    kind = "409 idempotency_conflict"  # the same key still in flight: retry
                elif status >= 500:
                    kind = f"HTTP {status}"
                else:
                    result.update(status=status, refused=data.decode(errors="replace")[:300])
                    self.log("refused", f"{key}: {status} {result['refused']}")
                    return
            t = self.log.now()
            result["errors"].append(kind)
            self.errors.append((t, kind))
            if time.monotonic() > self.give_up_at:
                result["gave_up"] = True
                return
            time.sleep(pause)
            pause = min(pause * 2, 2.0)


# --- processes ----------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Supervisor(threading.Thread):
    """Keeps ``--workers`` × ``tousu worker`` running, and kills processes on a schedule."""

    def __init__(self, args, env, work: Path, log: Log, gunicorn: subprocess.Popen):
        super().__init__(name="supervisor", daemon=True)
        self.args, self.env, self.work, self.log, self.gunicorn = args, env, work, log, gunicorn
        self.rnd = random.Random(args.seed)
        self.procs: list[subprocess.Popen | None] = [None] * args.workers
        self.restart_at = [0.0] * args.workers
        self.killed = [False] * args.workers
        self.logs: list[Path | None] = [None] * args.workers
        self.load: list[float] = []  # 1-minute load average, every 10 s of filing
        self.started = 0
        self.unplanned: list[dict] = []
        self.chaos = False
        self.stopping = False
        self.next_kill = self.next_web_kill = float("inf")

    def _interval(self, span) -> float:
        return float("inf") if span[1] <= 0 else self.rnd.uniform(*span)

    def start_chaos(self) -> None:
        now = time.monotonic()
        self.next_kill = now + self._interval(self.args.kill_every)
        self.next_web_kill = now + self._interval(self.args.web_kill_every)
        self.chaos = True

    def _start(self, slot: int) -> None:
        self.started += 1
        self.logs[slot] = self.work / f"worker-{slot}-{self.started}.log"
        out = open(self.logs[slot], "wb")
        self.procs[slot] = subprocess.Popen(
            [PY, "manage.py", "worker"], cwd=ROOT, env=self.env, stdout=out, stderr=out
        )
        self.killed[slot] = False
        out.close()

    def run(self) -> None:
        while not self.stopping:
            now = time.monotonic()
            for slot, proc in enumerate(self.procs):
                if proc is None:
                    if now >= self.restart_at[slot]:
                        self._start(slot)
                elif proc.poll() is not None:
                    if self.killed[slot]:
                        self.procs[slot] = None  # comes back at restart_at
                    else:
                        tail = self._tail(slot)
                        self.unplanned.append(
                            {
                                "t": round(self.log.now(), 2),
                                "slot": slot,
                                "rc": proc.returncode,
                                "error": tail,
                            }
                        )
                        self.log("worker-exited", f"pid {proc.pid} rc {proc.returncode}: {tail}")
                        self.procs[slot] = None
                        self.restart_at[slot] = now + 0.1  # systemd's default RestartSec
            if self.chaos and self.log.now() >= 10 * len(self.load):
                self.load.append(round(os.getloadavg()[0], 1))  # others share the machine
            if self.chaos and now >= self.next_kill:
                self._kill_worker(now)
                self.next_kill = now + self._interval(self.args.kill_every)
            if self.chaos and now >= self.next_web_kill:
                self._kill_web()
                self.next_web_kill = now + self._interval(self.args.web_kill_every)
            time.sleep(0.05)

    def _tail(self, slot: int) -> str:
        """The exception a worker died of: the last line of its traceback."""
        lines = self.logs[slot].read_text(errors="replace").splitlines()
        raised = [line for line in lines if re.match(r"^[\w.]+(Error|Exception)\b", line)]
        return (raised or lines or [""])[-1][:300]

    def burst(self) -> int:
        """Most unplanned restarts of one worker slot within 10 s (systemd's default start
        limit is 5 within 10 s, after which it stops restarting the unit)."""
        most = 0
        for slot in range(self.args.workers):
            times = [e["t"] for e in self.unplanned if e["slot"] == slot]
            for i, t in enumerate(times):
                most = max(most, sum(1 for u in times[i:] if u - t < 10))
        return most

    def _kill_worker(self, now: float) -> None:
        running = [s for s, p in enumerate(self.procs) if p is not None and p.poll() is None]
        if not running:
            return
        slot = self.rnd.choice(running)
        proc = self.procs[slot]
        self.killed[slot] = True
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        down = self.rnd.uniform(*self.args.down)
        self.restart_at[slot] = now + down
        self.log("kill-worker", f"pid {proc.pid}, back in {down:.1f}s")

    def _kill_web(self) -> None:
        pids = children(self.gunicorn.pid)
        if pids:
            pid = self.rnd.choice(pids)
            os.kill(pid, signal.SIGKILL)
            self.log("kill-web", f"gunicorn worker pid {pid}")

    def running(self) -> int:
        return sum(1 for p in self.procs if p is not None and p.poll() is None)

    def stop(self) -> None:
        self.stopping = True
        self.join()
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            if proc is not None:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def run_quiet(cmd: list[str], env: dict, log_path: Path, what: str) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    log_path.write_text(done.stdout + done.stderr)
    if done.returncode:
        raise SystemExit(f"{what} failed (exit {done.returncode}), see {log_path}")
    return done


def start_gunicorn(args, env, work: Path) -> subprocess.Popen:
    # Django logs each 500 with its traceback to the console: to gunicorn.out, not the report.
    with open(work / "gunicorn.out", "wb") as out:
        proc = subprocess.Popen(
            [GUNICORN, "tousu.wsgi", "-w", str(args.web_workers), "-b", f"127.0.0.1:{args.port}"]
            + ["--error-logfile", str(work / "gunicorn.log"), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    for _ in range(150):
        try:
            if request(args.port, "GET", "/healthz", b"", {}, timeout=2)[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"gunicorn did not come up, see {work / 'gunicorn.log'}")


def token(port: int) -> str:
    body = json.dumps({"username": "bench-consumer", "password": "bench-pass"}).encode()
    status, data = request(port, "POST", "/api/v1/auth/token", body, {})
    if status != 200:
        raise SystemExit(f"token request answered {status}: {data[:200]!r}")
    return json.loads(data)["token"]


def pg_restarter(args, server, log: Log, at: float, result: dict) -> threading.Thread:
    def go():
        time.sleep(max(0.0, at - time.monotonic()))
        log("pg-stop", f"({args.pg_restart})")
        start = log.now()
        try:
            if args.pg_restart == "restart":
                result.update(server.restart(args.db_name, args.pg_down))
            else:
                killed = server.terminate(args.db_name)
                result.update(
                    method="terminate", how=f"pg_terminate_backend on {killed} connections"
                )
        except Exception as error:  # noqa: BLE001 - reported, and the run goes on
            result.update(method="failed", error=repr(error))
        result.update(at=round(start, 2), until=round(log.now(), 2))
        log("pg-up", json.dumps(result, ensure_ascii=False))

    thread = threading.Thread(target=go, name="pg-restart", daemon=True)
    thread.start()
    return thread


# --- report -------------------------------------------------------------------------------


def client_summary(filers: list[Filer], restart: dict) -> dict:
    results = {k: v for f in filers for k, v in f.results.items()}
    errors = [e for f in filers for e in f.errors]
    window = (restart.get("at", -1), restart.get("until", -1) + 10)  # until 10 s after it is up
    during = Counter(kind for t, kind in errors if window[0] <= t <= window[1])
    return {
        "keys": len(results),
        "answered_201": sum(1 for r in results.values() if r.get("status") == 201),
        "answered_200_replay": sum(1 for r in results.values() if r.get("status") == 200),
        "refused": {k: r["refused"] for k, r in results.items() if "refused" in r},
        "gave_up": sorted(k for k, r in results.items() if r.get("gave_up")),
        "retried_keys": sum(1 for r in results.values() if r["attempts"] > 1),
        "max_attempts": max((r["attempts"] for r in results.values()), default=0),
        "errors": dict(Counter(kind for _, kind in errors)),
        "errors_during_pg_restart": dict(during),
        "restart_window_s": [round(window[0], 2), round(window[1], 2)] if restart else None,
        "answered_per_10s": _per_10s(r["t"] for r in results.values() if "t" in r),
        "error_times": sorted([round(t, 2), kind] for t, kind in errors),
    }, results


def _per_10s(times) -> list[int]:
    buckets = Counter(int(t // 10) for t in times)
    return [buckets[i] for i in range(max(buckets, default=-1) + 1)]


def failures(report: dict) -> list[str]:
    c, t, n = report["complaints"], report["timelines"], report["notifications"]
    client = report["clients"]
    problems = {
        "complaints lost (acknowledged, not in the database)": len(c["lost"]),
        "complaints duplicated (one key, several complaints)": len(c["duplicated"]),
        "complaint numbers used twice": len(c["numbers_used_twice"]),
        "idempotency keys stored twice": len(c["idempotency_keys_twice"]),
        "idempotency keys pointing elsewhere": len(
            c["idempotency_key_not_pointing_at_its_complaint"]
        ),
        "keys refused by the API": len(client["refused"]),
        "keys never answered (client gave up)": len(client["gave_up"]),
        "timelines other than filed + acknowledge": sum(t["odd_timelines"].values()),
        "notifications missing from the outbox": len(n["missing_from_outbox"]),
        "notifications not sent after the drain": len(n["not_sent"]),
        "inbox notices lost": len(n["inbox"]["lost"]),
        "inbox notices duplicated": len(n["inbox"]["duplicated"]),
        "SMS lost": len(n["sms"]["lost"]),
        "SMS duplicated (same message id sent twice)": len(n["sms"]["duplicated"]),
        "SMS with unknown ids": len(n["sms"]["unknown_ids"]),
        "e-mails handed over != e-mail rows": int(n["email"]["rows"] != n["email"]["handed_over"]),
        "tousu verify failed": int(report["verify"]["exit"] != 0),
    }
    return [f"{what}: {count}" for what, count in problems.items() if count]


def print_report(r: dict) -> None:
    c, cl, n = r["complaints"], r["clients"], r["notifications"]
    print("\n== soak result", r["run_id"], f"({r['database']})")
    print(
        f"filing {r['duration_s']} s, {r['filers']} filers, {r['web_workers']} gunicorn workers, "
        f"{r['workers']} tousu workers"
    )
    print(
        f"kills: {r['kills']['workers']} tousu workers, {r['kills']['web']} gunicorn workers; "
        f"workers that exited on their own: {len(r['unplanned_exits'])} "
        f"(at most {r['unplanned_restarts_in_10s_max']} restarts of one worker within 10 s)"
    )
    print(f"database: {json.dumps(r['pg_restart'], ensure_ascii=False)}")
    print(
        f"clients: {cl['keys']} keys, {cl['answered_201']} answered 201, "
        f"{cl['answered_200_replay']} answered 200 (replay of a filing they had not seen), "
        f"{cl['retried_keys']} retried (max {cl['max_attempts']} attempts)"
    )
    print(f"answered per 10 s: {cl['answered_per_10s']}")
    print(f"machine load average, every 10 s: {r['load_average_per_10s']}")
    during = (
        f"; from the database stop until 10 s after it was back {cl['restart_window_s']}: "
        f"{cl['errors_during_pg_restart']}"
        if cl["restart_window_s"]
        else ""
    )
    print(f"client errors: {cl['errors']}{during}")
    print(
        f"complaints: {c['client_acknowledged']} acknowledged, {c['in_database']} in the database, "
        f"lost {len(c['lost'])}, duplicated {len(c['duplicated'])}, "
        f"filed but never acknowledged {len(c['filed_but_never_acknowledged'])}"
    )
    print(f"timelines: {r['timelines']['events']} events, odd: {r['timelines']['odd_timelines']}")
    print(
        f"outbox: {n['outbox_rows']} rows {n['by_medium']}, states {n['by_state']}, "
        f"attempts {n['by_attempts']}; expected from the timelines {n['expected_from_timeline']}, "
        f"missing {len(n['missing_from_outbox'])}; drained: {r['drain']}"
    )
    print(f"delivery delay (queued → sent), seconds: {n['delivery_delay_s']}")
    print(
        f"inbox: {n['inbox']['delivered']}/{n['inbox']['rows']} delivered, "
        f"duplicated {len(n['inbox']['duplicated'])}; SMS: {n['sms']['delivered']}/{n['sms']['rows']} "
        f"delivered, lost {len(n['sms']['lost'])}, same id twice {len(n['sms']['duplicated'])}; "
        f"e-mail {n['email']['handed_over']}/{n['email']['rows']}"
    )
    print(f"tousu verify (exit {r['verify']['exit']}): {r['verify']['output']}")
    print("web server log:", r["gunicorn_log"])
    if r["failures"]:
        print("FAILED:\n  " + "\n  ".join(r["failures"]))
    else:
        print("OK: nothing lost, nothing duplicated, verify passed")


def main() -> int:
    args = parse_args()
    run_id = time.strftime("%Y%m%d%H%M%S")
    work = ROOT / "bench" / "out" / f"soak-{run_id}"
    work.mkdir(parents=True)
    sink = work / "sink.tsv"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tousu.settings",
        "TOUSU_DATA_DIR": str(work),
        "TOUSU_DEBUG": "0",
        "TOUSU_LOG_LEVEL": "WARNING",
        "TOUSU_SMS_PROVIDER": "bench.soak_sink.FileSmsProvider",
        "TOUSU_EMAIL_BACKEND": "bench.soak_sink.FileEmailBackend",
        "SOAK_SINK": str(sink),
        "SOAK_SMS_LATENCY_MS": str(args.sms_latency_ms),
        "TOUSU_OUTBOX_LEASE_SECONDS": str(args.lease),
        "TOUSU_OUTBOX_BACKOFF_SECONDS": "1",
        "TOUSU_OUTBOX_BACKOFF_MAX_SECONDS": "10",
    }
    env.pop("DATABASE_URL", None)
    server = None
    procs: dict = {}
    try:
        if not args.sqlite:
            server = (
                ExistingServer(args.pg_url, args.force_restart)
                if args.pg_url
                else PrivateCluster(args.pg_port)
            )
            if isinstance(server, PrivateCluster):
                server.start()
            server.create(args.db_name)
            env["DATABASE_URL"] = server.url(args.db_name)
        database = env.get("DATABASE_URL", f"sqlite in {work}")
        print(f"work dir {work}; database {database}", flush=True)
        t = time.monotonic()
        run_quiet(
            [
                PY,
                "bench/seed.py",
                "--count",
                "0",
                "--data-dir",
                str(work),
                "--merchants",
                "10",
                "--consumers",
                "50",
                "--orders",
                "200",
                "--agents",
                "2",
                "--bench-orders",
                str(args.orders),
            ],
            env,
            work / "seed.log",
            "seeding",
        )
        run_quiet(
            [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env,
            work / "static.log",
            "collectstatic",
        )
        print(f"seeded and collected in {time.monotonic() - t:.1f}s", flush=True)

        procs["gunicorn"] = start_gunicorn(args, env, work)
        bearer = token(args.port)
        log = Log()
        supervisor = procs["supervisor"] = Supervisor(args, env, work, log, procs["gunicorn"])
        supervisor.start()
        while supervisor.running() < args.workers:
            time.sleep(0.1)

        log.t0, log.wall0 = time.monotonic(), time.time()
        stop_at = log.t0 + args.duration
        filers = [
            Filer(n, args, bearer, run_id, log, stop_at, stop_at + args.give_up)
            for n in range(1, args.filers + 1)
        ]
        for f in filers:
            f.start()
        supervisor.start_chaos()
        restart: dict = {}
        restarter = None
        if args.pg_restart != "none":
            restarter = pg_restarter(args, server, log, log.t0 + args.duration / 2, restart)
        for f in filers:
            f.join()
        supervisor.chaos = False
        if restarter:
            restarter.join()
        log("filing-done", f"{sum(len(f.results) for f in filers)} keys")
        while supervisor.running() < args.workers:
            time.sleep(0.1)
        drain = json.loads(
            run_quiet(
                [PY, "bench/soak_check.py", "drain", "--timeout", str(args.drain_timeout)],
                env,
                work / "drain.log",
                "drain",
            ).stdout
        )
        log("drained", json.dumps(drain))
        supervisor.stop()
        procs["gunicorn"].send_signal(signal.SIGTERM)
        procs["gunicorn"].wait(timeout=30)

        clients, results = client_summary(filers, restart)
        acks = work / "acks.json"
        acks.write_text(json.dumps(results, ensure_ascii=False))
        counted = json.loads(
            run_quiet(
                [
                    PY,
                    "bench/soak_check.py",
                    "count",
                    "--run-id",
                    run_id,
                    "--acks",
                    str(acks),
                    "--sink",
                    str(sink),
                ],
                env,
                work / "count.log",
                "count",
            ).stdout
        )
        verify = subprocess.run(
            [PY, "manage.py", "verify"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        gunicorn_log = (work / "gunicorn.log").read_text(errors="replace")
        django_log = (work / "gunicorn.out").read_text(errors="replace")
        report = {
            "run_id": run_id,
            "database": "sqlite"
            if args.sqlite
            else ("private cluster" if isinstance(server, PrivateCluster) else args.pg_url),
            "duration_s": args.duration,
            "filers": args.filers,
            "web_workers": args.web_workers,
            "workers": args.workers,
            "kills": {"workers": log.count("kill-worker"), "web": log.count("kill-web")},
            "unplanned_exits": supervisor.unplanned,
            "unplanned_restarts_in_10s_max": supervisor.burst(),
            "load_average_per_10s": supervisor.load,
            "pg_restart": restart or {"method": "none"},
            "clients": clients,
            "drain": drain,
            **counted,
            "verify": {
                "exit": verify.returncode,
                "output": (verify.stdout + verify.stderr).strip()[-2000:],
            },
            "gunicorn_log": {
                "internal_server_errors": django_log.count("Internal Server Error"),
                "errors_by_exception": dict(
                    Counter(
                        line.split(":")[0]
                        for line in django_log.splitlines()
                        if line.startswith(("django.", "psycopg."))
                    )
                ),
                "workers_killed": gunicorn_log.count("was sent SIGKILL"),
            },
            "events_t0_unix": round(log.wall0, 3),
            "events": log.events,
        }
        report["failures"] = failures(report)
        (work / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        print_report(report)
        print(f"details: {work / 'results.json'}")
        return 1 if report["failures"] else 0
    finally:
        if "supervisor" in procs and not procs["supervisor"].stopping:
            procs["supervisor"].stop()
        if "gunicorn" in procs and procs["gunicorn"].poll() is None:
            procs["gunicorn"].kill()
            procs["gunicorn"].wait()
        if server is not None and args.keep:
            print(f"kept {server.url(args.db_name)}", end="")
            if isinstance(server, PrivateCluster):
                print(f"; stop the cluster with: {server.stop_command()}", end="")
            print()
        elif server is not None:
            try:
                server.drop(args.db_name)
            except Exception as error:  # noqa: BLE001
                print(f"could not drop {args.db_name}: {error!r}", file=sys.stderr)
            server.close()


if __name__ == "__main__":
    sys.exit(main())
