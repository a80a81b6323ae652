"""PostgreSQL for bench/soak.py: a throwaway cluster of its own, or a database on a running server.

``PrivateCluster`` runs ``initdb`` into a temporary directory and serves it on
127.0.0.1:<port> with trust authentication; restarting it disturbs nobody else, so the
soak can really stop and start the server. ``ExistingServer`` creates the soak's
database on a server that is already running (e.g. the machine's 127.0.0.1:5432); a
real restart of that server cuts off everyone using it, so it is only done when no other
database has a client connected (or with ``force``); otherwise every connection to the
soak's database is terminated instead (``pg_terminate_backend``), which is what the
applications see of a restart, and the report says which of the two happened.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql


def _bindir() -> Path:
    """Directory of initdb/pg_ctl: ``pg_config --bindir``, else the newest Debian install."""
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
        path = Path(out.stdout.strip())
        if (path / "initdb").exists():
            return path
    except (OSError, subprocess.CalledProcessError):
        pass
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        raise SystemExit("initdb not found: install PostgreSQL, or use --pg-url or --sqlite")
    return Path(found[-1]).parent


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class _Server:
    server_url: str  # postgresql://user@host:port, no database

    def url(self, database: str) -> str:
        return f"{self.server_url}/{database}"

    def _admin(self):
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def create(self, database: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
            conn.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(database)
                )
            )

    def drop(self, database: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )

    def terminate(self, database: str) -> int:
        """Cut every connection to ``database``; returns how many there were."""
        with self._admin() as conn:
            row = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            ).fetchone()
        return row[0]

    def connections(self, database: str) -> int:
        with self._admin() as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [database]
            ).fetchone()[0]


class PrivateCluster(_Server):
    def __init__(self, port: int):
        self.port = port
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="tousu-soak-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgresql.log"
        self.server_url = f"postgresql://postgres@127.0.0.1:{port}"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        subprocess.run(
            [*_as_postgres(), str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-s"]
            + list(args)
            + (["-o", options, "-l", str(self.log)] if args[0] == "start" else []),
            check=True,
        )

    def start(self) -> None:
        if not self.data.exists():
            subprocess.run(
                [*_as_postgres(), str(self.bindir / "initdb"), "-D", str(self.data)]
                + ["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self._pg_ctl("start")

    def restart(self, database: str, down_seconds: float) -> dict:
        t = time.monotonic()
        self._pg_ctl("stop", "-m", "fast")
        stopped = time.monotonic()
        time.sleep(down_seconds)
        self._pg_ctl("start")
        return {
            "method": "restart",
            "how": f"pg_ctl stop -m fast; sleep {down_seconds:g}; pg_ctl start (private cluster)",
            "stop_seconds": round(stopped - t, 2),
            "unavailable_seconds": round(time.monotonic() - t, 2),
        }

    def stop_command(self) -> str:
        return " ".join(
            [*_as_postgres(), str(self.bindir / "pg_ctl"), "-D", str(self.data), "stop"]
        )

    def close(self) -> None:
        try:
            self._pg_ctl("stop", "-m", "fast")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


class ExistingServer(_Server):
    def __init__(self, server_url: str, force_restart: bool):
        self.server_url = server_url.rstrip("/")
        self.force_restart = force_restart

    def _cluster(self) -> tuple[str, str] | None:
        """(version, name) of the Debian cluster on this URL's port, if pg_lsclusters knows it."""
        port = psycopg.conninfo.conninfo_to_dict(self.url("postgres")).get("port") or "5432"
        try:
            out = subprocess.run(
                ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        for line in out.stdout.splitlines():
            version, name, cluster_port = line.split()[:3]
            if cluster_port == str(port):
                return version, name
        return None

    def _others(self, database: str) -> dict[str, int]:
        with self._admin() as conn:
            rows = conn.execute(
                "SELECT coalesce(datname, ''), count(*) FROM pg_stat_activity"
                " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                " AND coalesce(datname, '') <> %s GROUP BY 1",
                [database],
            ).fetchall()
        return dict(rows)

    def restart(self, database: str, down_seconds: float) -> dict:
        cluster = self._cluster()
        others = self._others(database)
        reason = ""
        if cluster is None:
            reason = "no pg_lsclusters cluster on this port"
        elif others and not self.force_restart:
            reason = f"other databases had clients connected: {others}"
        if reason:
            t = time.monotonic()
            killed = self.terminate(database)
            return {
                "method": "terminate",
                "how": f"pg_terminate_backend on {killed} connections to {database}",
                "why_not_restart": reason,
                "unavailable_seconds": round(time.monotonic() - t, 2),
            }
        version, name = cluster
        t = time.monotonic()
        subprocess.run(["pg_ctlcluster", version, name, "stop", "-m", "fast"], check=True)
        stopped = time.monotonic()
        time.sleep(down_seconds)
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
        return {
            "method": "restart",
            "how": f"pg_ctlcluster {version} {name} stop -m fast; sleep {down_seconds:g}; start",
            "stop_seconds": round(stopped - t, 2),
            "unavailable_seconds": round(time.monotonic() - t, 2),
        }

    def close(self) -> None:
        pass
