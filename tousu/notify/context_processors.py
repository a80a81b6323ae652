"""``unread_notices`` in every template: the bell's count, worked out only when a page
shows the bell, and once per page (``tousu.notify.inbox.unread_count``, one bounded
index scan). Templates call it like a property: ``{{ unread_notices }}``."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from tousu.notify.inbox import unread_count


def unread(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"unread_notices": cache(lambda: unread_count(user))}
