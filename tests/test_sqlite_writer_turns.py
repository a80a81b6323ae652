"""SQLite writers take turns at a file lock (tousu/sqlite/base.py): a second writer waits for
the first to commit, roll back, close or die, then gets the write lock at once; one that
waits past the busy timeout fails with "database is locked", as SQLite's handler did."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections

from tests.file_db import SQLITE_ONLY
from tousu.sqlite.base import DatabaseWrapper

# django_db: pytest-django refuses database access otherwise, to these own connections too.
pytestmark = [SQLITE_ONLY, pytest.mark.django_db]

HOLD = 0.3  # seconds the first writer keeps its transaction open


def open_db(path, timeout: float = 5) -> DatabaseWrapper:
    settings_dict = {
        **connection.settings_dict,
        "NAME": str(path),
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "timeout": timeout},
    }
    db = DatabaseWrapper(settings_dict, alias="turns")
    db.ensure_connection()
    return db


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "turns.sqlite3"
    first = open_db(path)
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (who TEXT)")
    first.close()
    return path


def write(db: DatabaseWrapper, who: str) -> None:
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO t (who) VALUES (%s)", [who])


def begin(db: DatabaseWrapper) -> None:
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def finish(db: DatabaseWrapper, how: str) -> None:
    getattr(db, how)()
    db.set_autocommit(True)


def second_writer_waits(path, end) -> tuple[float, list[str]]:
    """A first writer holds a transaction for HOLD seconds and then ends it with ``end``;
    a second one (in a thread: a connection stays in the thread that made it) starts
    meanwhile. How long the second waited, and what is in the table after it committed."""
    first = open_db(path)
    begin(first)
    write(first, "first")
    waited: list[float] = []
    rows: list[str] = []

    def run_second():
        second = open_db(path)
        start = time.monotonic()
        begin(second)
        waited.append(time.monotonic() - start)
        write(second, "second")
        finish(second, "commit")
        with second.cursor() as cursor:
            cursor.execute("SELECT who FROM t ORDER BY rowid")
            rows.extend(row[0] for row in cursor.fetchall())
        second.close()

    thread = threading.Thread(target=run_second)
    thread.start()
    time.sleep(HOLD)
    assert waited == []  # still waiting for its turn
    end(first)
    thread.join(10)
    first.close()
    return waited[0], rows


def test_the_settings_use_the_turn_taking_backend():
    assert settings.TOUSU_SQLITE_WRITER_TURNS
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_second_writer_waits_for_the_commit_then_writes(db_path):
    waited, rows = second_writer_waits(db_path, lambda db: finish(db, "commit"))
    assert waited >= HOLD * 0.9
    assert rows == ["first", "second"]


def test_a_rollback_ends_the_turn(db_path):
    waited, rows = second_writer_waits(db_path, lambda db: finish(db, "rollback"))
    assert waited >= HOLD * 0.9
    assert rows == ["second"]


def test_closing_the_connection_ends_the_turn(db_path):
    waited, rows = second_writer_waits(db_path, lambda db: db.close())
    assert waited >= HOLD * 0.9
    assert rows == ["second"]  # closing a connection mid-transaction rolls it back


def test_waiting_past_the_busy_timeout_fails_as_locked_and_writes_nothing(db_path):
    first, second = open_db(db_path), open_db(db_path, timeout=0.2)
    begin(first)
    write(first, "first")
    start = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        begin(second)
    assert 0.2 <= time.monotonic() - start < 2
    assert not second._has_turn
    finish(first, "rollback")
    begin(second)  # the turn is free again, and the failed wait left nothing behind
    write(second, "second")
    finish(second, "commit")
    second.close()
    first.close()


def test_a_writer_killed_holding_its_turn_frees_it(db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(db_path) + '-writer.lock'!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = open_db(db_path, timeout=0.2)
        with pytest.raises(OperationalError):
            begin(waiting)  # the other process has the turn
        holder.kill()
        holder.wait(10)
        begin(waiting)
        write(waiting, "after")
        finish(waiting, "commit")
        waiting.close()
    finally:
        holder.kill()
