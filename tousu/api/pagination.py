"""List endpoints page with ``tousu.keyset``: ``{items, next_cursor}``, newest first.

The cursor is opaque to clients (pass ``next_cursor`` back as ``?cursor=``); one that does
not parse is a 422 ``validation_failed`` naming the ``cursor`` field.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tousu import keyset
from tousu.api.errors import ApiError

NEWEST = keyset.NEWEST
BY_PAYMENT = keyset.latest("paid_at")


def page(qs: QuerySet, sort: keyset.Sort, cursor: str | None) -> tuple[list[Any], str | None]:
    """One page of ``qs`` in ``sort`` order after ``cursor``, and the next page's cursor."""
    after = keyset.decode(cursor, sort) if cursor else None
    if cursor and after is None:
        raise ApiError(
            422,
            "validation_failed",
            _("Some fields need your attention."),
            {"cursor": _("This cursor is not valid. Start again from the first page.")},
        )
    found = keyset.page(qs, sort, settings.TOUSU_QUEUE_PAGE_SIZE, after=after)
    return found.rows, found.next_cursor
