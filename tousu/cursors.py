"""Parsing the integers inside paging cursors, shared by the API and the agent desk.

``str.isdigit()`` and ``int()`` accept far more than a cursor ever holds: superscripts
(``²``), other scripts' digits (``١٢``, ``１２``), underscores and surrounding spaces,
and numbers beyond what a database column stores. A cursor value is plain ASCII
digits that fit a signed 64-bit column; anything else is not a cursor.
"""

from __future__ import annotations

import re

MAX_KEY = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_key(raw: str) -> int | None:
    """The integer written in ``raw``, or None unless it is 1-19 ASCII digits ≤ ``MAX_KEY``."""
    if not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= MAX_KEY else None


def parse_keys(raw: str, count: int, sep: str = ".") -> tuple[int, ...] | None:
    """``count`` keys joined by ``sep`` (``3.10452``), or None when any part is not a key."""
    parts = raw.split(sep)
    if len(parts) != count:
        return None
    values = tuple(parse_key(part) for part in parts)
    return None if None in values else values  # type: ignore[return-value]
