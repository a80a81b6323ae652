"""Texts of this app used by other apps (the supervisor's notice), kept in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.automation.models import Trigger

TOPIC = "automation_rule"


def rule_notice(context: dict) -> tuple[str, str]:
    trigger = context.get("trigger", "")
    shown = {
        **context,
        "trigger": Trigger(trigger).label if trigger in Trigger.values else trigger,
    }
    return (
        _("Rule “%(rule)s”: complaint %(number)s") % shown,
        _(
            "The automation rule “%(rule)s” asks you to look at complaint %(number)s "
            "(started by: %(trigger)s)."
        )
        % shown,
    )
