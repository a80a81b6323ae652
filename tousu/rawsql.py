"""Plain SQL for the few reads that run on every filing or API call.

Building an ORM query costs many times what the database then does: a select with a join
0.7–1.3 ms of CPU against 0.05 ms for the same statement through the cursor, a filter's
``exists()`` 0.4 ms against 0.03 (bench/orm_floor.py; docs/benchmarks.md, "Intake"). The
reads here are small and fixed; everything else goes through the ORM. Table names come
from the models' ``_meta``, values always as parameters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection


def first_row(sql: str, params: list[Any]) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def exists(sql: str, params: list[Any]) -> bool:
    """Whether ``sql`` (a ``SELECT 1 … LIMIT 1``) finds a row."""
    return first_row(sql, params) is not None


def moment(value: datetime) -> Any:
    """A datetime as the backend stores it (SQLite: UTC text), for comparing in plain SQL."""
    return connection.ops.adapt_datetimefield_value(value)
