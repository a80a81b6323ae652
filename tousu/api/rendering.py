"""JSON in and out: bodies read by ``tousu.jsontext``; output UTF-8 text, times in Asia/Shanghai (``+08:00``), money as fen and yuan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from tousu import jsontext


class LocalTimeEncoder(NinjaJSONEncoder):
    """Aware datetimes are written in the platform's time zone, with full precision."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return iso(o)
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


class JsonParser(Parser):
    """ninja's JSON body parser, refusing strings that cannot be stored or shown (RFC 8259 §8.2)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return jsontext.loads(request.body)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in local time, e.g. ``2026-11-20T10:00:00+08:00``."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


def yuan(fen: int | None) -> str | None:
    """Integer fen as a yuan string with two decimals, without going through float."""
    if fen is None:
        return None
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"
