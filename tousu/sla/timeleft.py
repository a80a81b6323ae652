"""How long is left until a deadline, in words, and the deadline itself in Asia/Shanghai.

The one formatter for every reader: the consumer's complaint page and the merchant center
(template filters ``time_left`` and ``due_local`` in ``sla_time``), the API detail and
WeChat 进度 (these functions). "还剩 5 天 23 小时" / "5 days 23 hours left": days and hours
from a day on, hours and minutes under a day, minutes under an hour; past the deadline
"已超时 …" / "overdue by …". Always rounded down, so it never promises time that is not there.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MINUTE, HOUR, DAY = 60, 3600, 86400


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _hours(n: int) -> str:
    return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}


def _minutes(n: int) -> str:
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def span(seconds: int) -> str:
    """A length of time in words, its two largest units (the smaller left out when zero);
    whole minutes under an hour."""
    seconds = max(0, int(seconds))
    if seconds >= DAY:
        days, hours = divmod(seconds // HOUR, 24)
        return " ".join([_days(days)] + ([_hours(hours)] if hours else []))
    if seconds >= HOUR:
        hours, minutes = divmod(seconds // MINUTE, 60)
        return " ".join([_hours(hours)] + ([_minutes(minutes)] if minutes else []))
    return _minutes(seconds // MINUTE)


def time_left(due_at: datetime | None, now: datetime | None = None) -> str:
    """ "还剩 5 天 23 小时" before the deadline, "已超时 2 小时" after it; empty without one."""
    if due_at is None:
        return ""
    seconds = int((due_at - (now or timezone.now())).total_seconds())
    if 0 < seconds < MINUTE:
        return _("less than a minute left")
    if -MINUTE < seconds <= 0:
        return _("just overdue")
    if seconds > 0:
        return _("%(span)s left") % {"span": span(seconds)}
    return _("overdue by %(span)s") % {"span": span(-seconds)}


def due_local(due_at: datetime | None) -> str:
    """The deadline as a date and time in Asia/Shanghai (the platform's time zone)."""
    if due_at is None:
        return ""
    return _("by %(when)s (Beijing time)") % {
        "when": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")
    }


def short_local(due_at: datetime) -> str:
    """The deadline's day and time in Asia/Shanghai, short: "12月5日 18:00" / "Dec 5 18:00";
    the year only when it is not this year's."""
    local = timezone.localtime(due_at)
    values = {"month": local.month, "day": local.day, "time": local.strftime("%H:%M")}
    if local.year != timezone.localdate().year:
        return _("%(month)s/%(day)s/%(year)s %(time)s") % {**values, "year": local.year}
    return _("%(month)s/%(day)s %(time)s") % values


def in_words(due_at: datetime | None, now: datetime | None = None) -> str:
    """The time left and the deadline in one phrase: "还剩 3 天 4 小时，12月5日 18:00 前";
    past it, "已超时 2 小时（12月5日 18:00）"; empty without a deadline."""
    if due_at is None:
        return ""
    left, when = time_left(due_at, now), short_local(due_at)
    if due_at > (now or timezone.now()):
        return _("%(left)s, before %(when)s") % {"left": left, "when": when}
    return _("%(left)s (was due %(when)s)") % {"left": left, "when": when}
