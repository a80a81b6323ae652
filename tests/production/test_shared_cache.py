"""Web processes are interchangeable: the cache and the sessions one process writes, another reads.

Each step runs in its own Python process (as two gunicorn workers, or two machines, would)
against a file-backed SQLite database (tests/file_db.py): the database cache by default,
Redis at 127.0.0.1:6379 as the option (skipped when no Redis answers there).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys

import pytest

from tests.file_db import ROOT, prepare

REDIS = ("127.0.0.1", 6379)

# Writes a cache entry and a signed-in session; prints the session key.
WRITE = """
import django, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache, caches
from django.utils.module_loading import import_string
from django.conf import settings
key = os.environ["PROBE_KEY"]
cache.set(key, {"pid": os.getpid(), "text": "投诉"}, 300)
store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
store["_auth_user_id"] = "1"
store["probe"] = key
store.create()
print(json.dumps({"pid": os.getpid(), "session": store.session_key,
                  "cache": type(caches["default"]).__name__, "engine": settings.SESSION_ENGINE}))
"""

# Reads both back in another process.
READ = """
import django, json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.core.cache import cache, caches
from django.utils.module_loading import import_string
from django.conf import settings
store = import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key=sys.argv[1])
print(json.dumps({"pid": os.getpid(), "cached": cache.get(os.environ["PROBE_KEY"]),
                  "session": dict(store.items())}))
"""

# Deletes both again.
FORGET = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
cache.delete(os.environ["PROBE_KEY"])
import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key=sys.argv[1]).delete()
"""


def run(code: str, env: dict, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def shared_between_two_processes(env: dict) -> tuple[dict, dict]:
    env = {**env, "PROBE_KEY": f"probe-{secrets.token_hex(8)}"}
    written = run(WRITE, env)
    read = run(READ, env, written["session"])
    assert read["pid"] != written["pid"]
    assert read["cached"] == {"pid": written["pid"], "text": "投诉"}
    assert read["session"] == {"_auth_user_id": "1", "probe": env["PROBE_KEY"]}
    return {**written, "probe": env["PROBE_KEY"]}, read


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> dict:
    """One migrated database for the module (``migrate`` creates the cache table)."""
    env = prepare(tmp_path_factory.mktemp("shared"))
    env.pop("TOUSU_CACHE_URL", None)
    env.pop("TOUSU_SESSION_ENGINE", None)
    return env


def test_the_database_cache_and_sessions_are_shared(migrated):
    env = dict(migrated)
    env.pop("TOUSU_CACHE_URL", None)
    env.pop("TOUSU_SESSION_ENGINE", None)
    written, _read = shared_between_two_processes(env)
    assert written["cache"] == "DatabaseCache"
    assert written["engine"] == "django.contrib.sessions.backends.db"


def test_cached_db_sessions_on_the_database_cache(migrated):
    env = {**migrated, "TOUSU_SESSION_ENGINE": "cached_db"}
    written, _read = shared_between_two_processes(env)
    assert written["engine"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.skipif(not redis_answers(), reason="no Redis answers PING on 127.0.0.1:6379")
def test_the_redis_cache_and_cached_db_sessions_are_shared(migrated):
    env = {
        **migrated,
        "TOUSU_CACHE_URL": "redis://127.0.0.1:6379/0",
        "TOUSU_SESSION_ENGINE": "cached_db",
    }
    written, _read = shared_between_two_processes(env)
    assert written["cache"] == "RedisCache"
    # The session is in Redis too, not only in the database: a third process, its database
    # row deleted, still reads it from the cache.
    gone = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.contrib.sessions.models import Session
Session.objects.all().delete()
"""
    subprocess.run([sys.executable, "-c", gone], env=env, cwd=ROOT, check=True)
    env["PROBE_KEY"] = "unused"
    again = run(READ, env, written["session"])
    assert again["session"]["_auth_user_id"] == "1"
    # Leave nothing behind in the shared Redis.
    env["PROBE_KEY"] = written["probe"]
    subprocess.run(
        [sys.executable, "-c", FORGET, written["session"]], env=env, cwd=ROOT, check=True
    )


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("TOUSU_CACHE_URL", "memcached://127.0.0.1:11211", "TOUSU_CACHE_URL"),
        ("TOUSU_SESSION_ENGINE", "file", "TOUSU_SESSION_ENGINE: db or cached_db"),
    ],
)
def test_unknown_values_are_refused_at_start(name, value, message):
    env = {**os.environ, "PYTHONPATH": str(ROOT), name: value}
    out = subprocess.run(
        [sys.executable, "-c", "import tousu.settings"], env=env, capture_output=True, text=True
    )
    assert out.returncode != 0 and message in out.stderr
