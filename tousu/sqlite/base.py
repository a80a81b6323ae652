"""Django's SQLite backend, with writers taking turns at a file lock instead of SQLite's
busy handler.

A write transaction starts with ``BEGIN IMMEDIATE`` (settings.py), which takes SQLite's one
write lock. While another connection holds it, SQLite's default busy handler sleeps and
retries with growing pauses — 1, 2, 5, 10 … up to 100 ms between tries — so a writer that
has waited a while tries only every 100 ms while newcomers try at once: with four web
processes filing, a few requests waited seconds (p99 3.4 s at 4 workers, docs/benchmarks.md,
"Intake"). Here every write transaction first takes an exclusive ``flock`` on
``<database>-writer.lock``, trying every ``TOUSU_SQLITE_WRITER_POLL_MICROSECONDS`` until the busy
timeout (the ``timeout`` option); whoever holds it is the only one asking SQLite for the
write lock, which it then gets at once. The lock is released at commit, rollback and close,
and by the kernel when a process dies. Writes outside a transaction, and readers, do not
take it (WAL readers never wait). In-memory databases are left as Django has them.
``TOUSU_SQLITE_WRITER_TURNS=0`` gives Django's own backend back.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _turn_fd: int | None = None
    _has_turn = False

    def _start_transaction_under_autocommit(self):
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_turn()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None

    def _take_turn(self) -> None:
        if self._has_turn or self.is_in_memory_db():
            return
        if self._turn_fd is None:
            path = f"{self.settings_dict['NAME']}-writer.lock"
            self._turn_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        poll = settings.TOUSU_SQLITE_WRITER_POLL_MICROSECONDS / 1_000_000
        give_up = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self._turn_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise OperationalError("database is locked (waited for the writer's turn)")
                time.sleep(poll)
            else:
                self._has_turn = True
                return

    def _end_turn(self) -> None:
        if self._has_turn and self._turn_fd is not None:
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)
        self._has_turn = False
