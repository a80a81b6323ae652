"""Template filters of the desk."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def compact(value: datetime | str | None) -> str:
    """A moment in Asia/Shanghai, as short as stays unambiguous: 14:05 today,
    11-20 14:05 this year, 2025-11-20 14:05 before. Accepts ISO strings (order snapshots)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is None:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%m-%d %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


@register.filter
def full(value: datetime | str | None) -> str:
    """A moment in Asia/Shanghai with date and seconds, for tooltips and facts."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return "" if value is None else timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


@register.filter
def due_in(value: datetime | None) -> str:
    """How far a deadline is: "in 3 h", "in 2 d", or "overdue by 40 min"."""
    if value is None:
        return ""
    seconds = (value - timezone.now()).total_seconds()
    minutes = int(abs(seconds) // 60)
    if minutes < 60:
        span = _("%(n)d min") % {"n": minutes}
    elif minutes < 48 * 60:
        span = _("%(n)d h") % {"n": minutes // 60}
    else:
        span = _("%(n)d d") % {"n": minutes // (24 * 60)}
    return (
        _("in %(span)s") % {"span": span}
        if seconds > 0
        else _("overdue by %(span)s") % {"span": span}
    )


@register.filter
def due_risk(value: datetime | None) -> str:
    """The class of a deadline: "overdue", "at-risk" (within TOUSU_SLA_AT_RISK_HOURS) or ""."""
    if value is None:
        return ""
    now = timezone.now()
    if value <= now:
        return "overdue"
    return "at-risk" if value <= now + timedelta(hours=settings.TOUSU_SLA_AT_RISK_HOURS) else ""
