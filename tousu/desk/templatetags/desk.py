"""Template filters of the desk."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime

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
