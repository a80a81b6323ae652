"""Per-account limits: how many complaints a consumer files, and how many urges they send.

Counted from the database over rolling windows — the complaints the consumer filed, the
urges on the timeline — so a limit holds across worker processes and servers and
nothing is kept in memory. A refusal says when the next attempt will be accepted: the
moment the oldest counted entry leaves the window. A limit of 0 is no limit.

The callers (``filing.file_complaint``, ``actions.urge``) first take the account's row
lock (``lock_account``), so two requests of one account at the same moment cannot both
pass the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from tousu import rawsql
from tousu.accounts.models import User
from tousu.complaints.choices import EventKind
from tousu.complaints.errors import FilingLimitReached, UrgeLimitReached
from tousu.complaints.models import Complaint, ComplaintEvent


@dataclass(frozen=True)
class Window:
    limit: int  # entries allowed within ``period``; 0: no limit
    period: timedelta


def next_allowed(
    rows: QuerySet, field: str, windows: tuple[Window, ...], now: datetime
) -> tuple[datetime, Window] | None:
    """When one more entry is allowed under every window (and the window that decides it),
    or None if it is allowed now. ``rows`` are the account's entries, ``field`` their time.

    An entry counts while ``now - period < time``; with ``limit`` of them in a window, the
    next is allowed once the ``limit``-th most recent leaves it. One small query for all
    the windows: the most recent entries within the longest period, at most the largest
    limit of them, along the (account, time) index; each window's entries are the first
    of those (the newest first).
    """
    limited = [window for window in windows if window.limit > 0]
    if not limited:
        return None
    longest = max(window.period for window in limited)
    recent = list(
        rows.filter(**{f"{field}__gt": now - longest})
        .order_by(f"-{field}")
        .values_list(field, flat=True)[: max(window.limit for window in limited)]
    )
    return _decide(recent, limited, now)


def _decide(
    recent: list[datetime], limited: list[Window], now: datetime
) -> tuple[datetime, Window] | None:
    """``next_allowed`` from the entries' times, the newest first."""
    latest: tuple[datetime, Window] | None = None
    for window in limited:
        counted = [time for time in recent if time > now - window.period]
        if len(counted) >= window.limit:
            allowed_at = counted[window.limit - 1] + window.period
            if latest is None or allowed_at > latest[0]:
                latest = (allowed_at, window)
    return latest


def lock_account(user: User) -> None:
    """Serialise this account's limited writes until the transaction ends (PostgreSQL: a row
    lock that does not block inserts referring to the user; SQLite: writers are serial anyway,
    so nothing is asked)."""
    if connection.features.has_select_for_update:
        list(User.objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk"))


def filing_is_limited(channel: str) -> bool:
    return channel in settings.TOUSU_FILING_LIMITED_CHANNELS


def check_filing(consumer: User, channel: str, now: datetime) -> None:
    """Refuse (``FilingLimitReached``) a new complaint by ``consumer`` through ``channel`` if it
    would pass ``TOUSU_FILING_LIMIT_PER_HOUR`` or ``TOUSU_FILING_LIMIT_PER_DAY``.

    Only the channels in ``TOUSU_FILING_LIMITED_CHANNELS`` (the consumer's own: app, web,
    WeChat) are limited, and only complaints filed through them count; the phone desk
    and external imports (12315, Black Cat) are not limited and do not count.
    """
    if not filing_is_limited(channel):
        return
    windows = (
        Window(settings.TOUSU_FILING_LIMIT_PER_HOUR, timedelta(hours=1)),
        Window(settings.TOUSU_FILING_LIMIT_PER_DAY, timedelta(days=1)),
    )
    limited = [window for window in windows if window.limit > 0]
    if not limited:
        return
    found = _decide(_recent_filings(consumer, limited, now), limited, now)
    if found is not None:
        allowed_at, window = found
        raise FilingLimitReached(allowed_at, limit=window.limit, daily=window.period.days == 1)


def _recent_filings(consumer: User, limited: list[Window], now: datetime) -> list[datetime]:
    """``next_allowed``'s query for filings, in plain SQL (``tousu.rawsql``): it runs on every
    filing, where the ORM cost ten times the statement."""
    channels = list(settings.TOUSU_FILING_LIMITED_CHANNELS)
    sql = (
        f"SELECT id, created_at FROM {Complaint._meta.db_table} "  # noqa: S608
        f"WHERE consumer_id = %s AND channel IN ({', '.join(['%s'] * len(channels))}) "
        "AND created_at > %s ORDER BY created_at DESC LIMIT %s"
    )
    since = rawsql.moment(now - max(window.period for window in limited))
    params = [consumer.pk, *channels, since, max(window.limit for window in limited)]
    return [row.created_at for row in Complaint.objects.raw(sql, params)]


def _urge_limit_at(consumer: User, now: datetime) -> tuple[datetime, Window] | None:
    rows = ComplaintEvent.objects.filter(kind=EventKind.URGED, actor=consumer)
    windows = (Window(settings.TOUSU_URGE_LIMIT_PER_DAY, timedelta(days=1)),)
    return next_allowed(rows, "created_at", windows, now)


def next_urge(complaint: Complaint, consumer: User, now: datetime) -> datetime | None:
    """When ``consumer`` may urge ``complaint`` again, or None if now: the later of the
    complaint's ``TOUSU_URGE_COOLDOWN_HOURS`` and the account's ``TOUSU_URGE_LIMIT_PER_DAY``
    (what ``actions.urge`` checks; pages show the button or the wait from it)."""
    waits = []
    if complaint.last_urged_at:
        cooled = complaint.last_urged_at + timedelta(hours=settings.TOUSU_URGE_COOLDOWN_HOURS)
        if now < cooled:
            waits.append(cooled)
    limited = _urge_limit_at(consumer, now)
    if limited is not None:
        waits.append(limited[0])
    return max(waits) if waits else None


def check_urge(consumer: User, now: datetime) -> None:
    """Refuse (``UrgeLimitReached``) an urge past ``TOUSU_URGE_LIMIT_PER_DAY`` for the account,
    whichever of its complaints the urges were on (counted from the timeline)."""
    found = _urge_limit_at(consumer, now)
    if found is not None:
        raise UrgeLimitReached(found[0], limit=found[1].limit)
