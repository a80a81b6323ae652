"""JSON whose strings are text: the one JSON reader for request bodies (API and webhooks),
and the one JSON error body (``payload``, ``error_response``) every JSON endpoint answers with.

JSON may escape half of a UTF-16 pair (``"\\ud800"``); Python reads it as a lone surrogate,
a string that cannot be encoded, stored or shown, so a save or a log line would fail far
from the input. RFC 8259 §8.2 leaves such text undefined; we refuse it where it enters.
So is ``"\u0000"``: the NUL character is valid JSON, but PostgreSQL cannot store it in a
text column (the insert or even a lookup fails), and no complaint needs it.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse, JsonResponse


class LoneSurrogate(ValueError):
    """A JSON string escapes a lone surrogate (U+D800 to U+DFFF)."""


class NulCharacter(ValueError):
    """A JSON string holds the NUL character (U+0000)."""


def check_text(value: Any) -> None:
    """Raise LoneSurrogate when any string in ``value`` (keys included) is not encodable text,
    NulCharacter when one holds U+0000."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise LoneSurrogate(repr(item[:40])) from None
            if "\x00" in item:
                raise NulCharacter(repr(item[:40]))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def loads(body: bytes | str) -> Any:
    """``json.loads`` that also refuses lone surrogates and NUL; raises ValueError (or a
    subclass)."""
    data = json.loads(body)
    check_text(data)
    return data


def payload(code: str, message: Any, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """The error body every endpoint returns."""
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = {name: str(text) for name, text in fields.items()}
    return body


def error_response(
    status: int, code: str, message: Any, fields: dict[str, Any] | None = None
) -> HttpResponse:
    """A JSON error response outside ninja's machinery (URL fallbacks, 405s)."""
    return JsonResponse(
        payload(code, message, fields), status=status, json_dumps_params={"ensure_ascii": False}
    )
