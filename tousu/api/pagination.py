"""Keyset pagination: stable under inserts, one index range scan per page."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tousu.api.errors import ApiError
from tousu.cursors import parse_key


def _bad_cursor() -> ApiError:
    return ApiError(
        422,
        "validation_failed",
        _("Some fields need your attention."),
        {"cursor": _("This cursor is not valid. Start again from the first page.")},
    )


def page_by_id(qs: QuerySet, cursor: str | None) -> tuple[list[Any], str | None]:
    """Newest first by id; the cursor is the last id of the previous page."""
    size = settings.TOUSU_QUEUE_PAGE_SIZE
    if cursor:
        last = parse_key(cursor)
        if last is None:
            raise _bad_cursor()
        qs = qs.filter(id__lt=last)
    rows = list(qs.order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (str(rows[-1].pk) if more else None)


def _encode(moment: datetime, pk: int) -> str:
    raw = f"{moment.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        when, last = datetime.fromisoformat(moment), parse_key(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad_cursor() from None
    if last is None:
        raise _bad_cursor()
    return when, last


def page_by_time(qs: QuerySet, field: str, cursor: str | None) -> tuple[list[Any], str | None]:
    """Newest first by ``field`` then id; the cursor is opaque to clients."""
    size = settings.TOUSU_QUEUE_PAGE_SIZE
    if cursor:
        moment, pk = _decode(cursor)
        qs = qs.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "id__lt": pk}))
    rows = list(qs.order_by(f"-{field}", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (_encode(getattr(rows[-1], field), rows[-1].pk) if more else None)
