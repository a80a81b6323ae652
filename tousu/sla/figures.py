"""Figures quoted to people, from what the clocks use (docs/sla.md#figures-shown-to-people).

A text that promises a time ("商家须在 10 天内确认收到退货", "24 小时内回电") reads it here,
never as a literal: from the setting of a clock whose length is a setting, from the rule
that governs the complaint's clock, or, for texts about no complaint in particular (help
articles), from the rule a plain complaint would get. So a changed policy or setting
changes the text with the clock.

Help articles hold placeholders such as ``[[return_receipt]]`` or
``[[merchant_response kind=after_sales]]``, filled in when the page is shown (``fill``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import ngettext

from tousu.sla import policies
from tousu.sla.models import LENGTH_SETTINGS, Clock, Deadline, length_from_settings, rule_duration
from tousu.sla.worktime import Duration, Unit


def describe(duration: str | Duration) -> str:
    """``10cd`` → "10 天", ``48ch`` → "48 小时", ``3d`` → "3 个工作日", ``16h`` → "16 个工作小时"."""
    if isinstance(duration, str):
        duration = Duration.parse(duration)
    n = duration.amount
    text = {
        Unit.CALENDAR_HOURS: ngettext("%(n)s hour", "%(n)s hours", n),
        Unit.CALENDAR_DAYS: ngettext("%(n)s day", "%(n)s days", n),
        Unit.WORKING_HOURS: ngettext("%(n)s working hour", "%(n)s working hours", n),
        Unit.WORKING_DAYS: ngettext("%(n)s working day", "%(n)s working days", n),
    }[duration.unit]
    return text % {"n": n}


def exact_words(duration: str) -> str:
    """For staff pages and the admin: the unit named exactly, calendar time included —
    ``48ch`` → "48 自然小时", ``7cd`` → "7 自然日", ``16h`` → "16 个工作小时"; blank → "—";
    a text that is not a duration is shown as written."""
    if not duration:
        return "—"
    try:
        parsed = Duration.parse(duration)
    except ValueError:
        return duration
    n = parsed.amount
    if parsed.unit == Unit.CALENDAR_HOURS:
        return ngettext("%(n)s calendar hour", "%(n)s calendar hours", n) % {"n": n}
    if parsed.unit == Unit.CALENDAR_DAYS:
        return ngettext("%(n)s calendar day", "%(n)s calendar days", n) % {"n": n}
    return describe(parsed)


def in_working_time(duration: str) -> bool:
    """Whether a duration counts only working (service) hours or days, so a text must say so."""
    return Duration.parse(duration).unit in (Unit.WORKING_HOURS, Unit.WORKING_DAYS)


def clock_duration(clock: str, complaint=None, *, kind: str = "", channel: str = "") -> str | None:
    """The duration (engine syntax) ``clock`` runs for: the complaint's live run, else the rule
    that governs it (for no complaint: a complaint of ``kind`` on ``channel`` with no category
    or priority policy); None when no policy runs the clock."""
    if complaint is not None:
        live = (
            Deadline.objects.filter(complaint_id=complaint.pk, clock=clock, ended_at__isnull=True)
            .values_list("duration", flat=True)
            .first()
        )
        if live:
            return live
    if clock in LENGTH_SETTINGS:
        return length_from_settings(clock)
    target = complaint or SimpleNamespace(kind=kind, channel=channel, category="", priority=None)
    rule = policies.rules_for(target).get(clock)
    return rule_duration(rule) if rule is not None else None


def clock_length(clock: str, complaint=None, **match: str) -> str | None:
    """``clock_duration`` in words ("10 天"), or None."""
    duration = clock_duration(clock, complaint, **match)
    return describe(duration) if duration else None


# Figures that are settings of no clock, by placeholder name.
SETTING_FIGURES: dict[str, Callable[[], str]] = {
    "urge_cooldown": lambda: f"{settings.TOUSU_URGE_COOLDOWN_HOURS}ch",
    "12315_acceptance": lambda: f"{settings.TOUSU_12315_ACCEPTANCE_WORKING_DAYS}d",
    "12315_mediation": lambda: f"{settings.TOUSU_12315_MEDIATION_WORKING_DAYS}d",
}
PLACEHOLDER = re.compile(r"\[\[\s*([a-z0-9_]+)((?:\s+(?:kind|channel)=[a-z0-9_]+)*)\s*\]\]")
NAMES = frozenset(Clock.values) | SETTING_FIGURES.keys()


def unknown_placeholders(text: str) -> list[str]:
    """Placeholder names in ``text`` that no figure answers to (for the admin's form)."""
    return sorted({m[1] for m in PLACEHOLDER.finditer(text or "") if m[1] not in NAMES})


def fill(text: str) -> str:
    """``text`` with every known placeholder replaced by its figure in words.

    An unknown name, or a clock no policy runs, is left as written so an editor sees it.
    """
    cache: dict[str, str | None] = {}

    def figure(match: re.Match) -> str:
        name, options = match[1], dict(pair.split("=") for pair in match[2].split())
        if match[0] not in cache:
            if name in SETTING_FIGURES:
                cache[match[0]] = describe(SETTING_FIGURES[name]())
            elif name in Clock.values:
                cache[match[0]] = clock_length(
                    name, kind=options.get("kind", ""), channel=options.get("channel", "")
                )
            else:
                cache[match[0]] = None
        return cache[match[0]] or match[0]

    return PLACEHOLDER.sub(figure, text or "")
