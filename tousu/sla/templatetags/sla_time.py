"""Deadlines on pages: ``{{ due|time_left }}`` ("还剩 5 天 23 小时"), ``{{ due|due_local }}``
(the deadline in Asia/Shanghai), ``{{ due|deadline_words }}`` (both in one phrase) and ``{% complaint_turn complaint user as turn %}`` (whose
turn it is, worded for that user: tousu.sla.turns)."""

from __future__ import annotations

from django import template

from tousu.sla import timeleft, turns

register = template.Library()


@register.filter
def time_left(value) -> str:
    return timeleft.time_left(value)


@register.filter
def deadline_words(value) -> str:
    """ "还剩 3 天 4 小时，12月5日 18:00 前" (``tousu.sla.timeleft.in_words``)."""
    return timeleft.in_words(value)


@register.filter
def due_local(value) -> str:
    return timeleft.due_local(value)


@register.simple_tag
def complaint_turn(complaint, user):
    return turns.turn(complaint, turns.reader_of(user, complaint))
