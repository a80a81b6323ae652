"""Parsing integers that clients write as text: paging cursors (API and agent desk),
WeChat and telephony timestamps, Content-Length.

``str.isdigit()`` and ``int()`` accept far more than such a value ever holds: superscripts
(``²``), other scripts' digits (``١٢``, ``１２``), underscores and surrounding spaces,
and numbers beyond what a database column stores. Such a value is plain ASCII digits
that fit a signed 64-bit column; anything else is refused.
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
