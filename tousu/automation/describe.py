"""A rule and its firings in words, in the reader's language (the desk's rules page).

Names (shops, agents, teams, macros) are looked up when shown, so a renamed shop reads
with its new name; one gone reads as such.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from tousu.accounts.models import User
from tousu.automation.models import Rule, RuleRun, Trigger
from tousu.automation.spec import ACTION_KINDS, WHEN
from tousu.complaints import workflow
from tousu.complaints.choices import Category, Channel, Priority
from tousu.complaints.templatetags.money import yuan
from tousu.macros.models import Macro
from tousu.merchants.models import Merchant
from tousu.sla.models import Clock
from tousu.teams.models import Team

GONE = "—"
# Between an action and what it names (a full-width colon in Chinese).
SEP = pgettext_lazy("between an action and its object", ": ")


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def trigger(rule: Rule) -> str:
    params = rule.trigger_params or {}
    if rule.trigger == Trigger.STATUS_CHANGED and params.get("to_status"):
        return _("The status changes to “%(status)s”") % {
            "status": _label(workflow.Status, params["to_status"])
        }
    if rule.trigger in (Trigger.DEADLINE_APPROACHING, Trigger.DEADLINE_MISSED) and params.get(
        "clock"
    ):
        text = (
            _("The deadline “%(clock)s” is approaching")
            if rule.trigger == Trigger.DEADLINE_APPROACHING
            else _("The deadline “%(clock)s” is missed")
        )
        return text % {"clock": _label(Clock, params["clock"])}
    if rule.trigger == Trigger.URGED:
        return _("The consumer urges it %(n)s times or more") % {"n": params.get("count", 1)}
    return _label(Trigger, rule.trigger)


def _names(model, ids) -> dict[int, str]:
    field = {Merchant: "shop_name", User: "display_name"}.get(model, "name")
    return {pk: str(name) for pk, name in model.objects.filter(pk__in=ids).values_list("pk", field)}


def conditions(rule: Rule) -> list[str]:
    out = []
    for c in rule.conditions:
        kind = c.get("kind")
        if kind == "channel":
            out.append(_("Channel: %(v)s") % {"v": "、".join(_label(Channel, v) for v in c["in"])})
        elif kind == "category":
            out.append(
                _("Category: %(v)s") % {"v": "、".join(_label(Category, v) for v in c["in"])}
            )
        elif kind == "priority":
            out.append(
                _("Priority: %(v)s") % {"v": "、".join(_label(Priority, v) for v in c["in"])}
            )
        elif kind == "shop":
            names = _names(Merchant, c["in"])
            out.append(_("Shop: %(v)s") % {"v": "、".join(names.get(pk, GONE) for pk in c["in"])})
        elif kind == "amount":
            low, high = c.get("min_fen"), c.get("max_fen")
            if low is not None and high is not None:
                out.append(
                    _("Amount from %(low)s to %(high)s") % {"low": yuan(low), "high": yuan(high)}
                )
            elif low is not None:
                out.append(_("Amount at least %(low)s") % {"low": yuan(low)})
            else:
                out.append(_("Amount at most %(high)s") % {"high": yuan(high)})
        elif kind == "words":
            out.append(_("Text contains any of: %(v)s") % {"v": "、".join(c["any"])})
        elif kind == "time":
            if c["when"] == "hours":
                out.append(_("Between %(from)s and %(to)s (Beijing time)") % c)
            else:
                out.append(str(WHEN[c["when"]]).capitalize())
    if rule.team_id:
        out.append(_("Team: %(team)s") % {"team": rule.team.name if rule.team else GONE})
    return out


def _action(a: dict) -> str:
    kind = a.get("kind", "")
    label = str(ACTION_KINDS.get(kind, kind))
    if kind == "tag":
        return f"{label}{SEP}{a['name']}"
    if kind == "priority":
        return f"{label}{SEP}{_label(Priority, a['priority'])}"
    if kind == "assign":
        user = User.objects.filter(pk=a["user"]).first()
        return f"{label}{SEP}{user or GONE}"
    if kind == "assign_team":
        return f"{label}{SEP}{_names(Team, [a['team']]).get(a['team'], GONE)}"
    if kind == "macro":
        return f"{label}{SEP}{_names(Macro, [a['macro']]).get(a['macro'], GONE)}"
    if kind == "notify":
        if a.get("user") is None:
            return f"{label}{SEP}{_('every supervisor')}"
        user = User.objects.filter(pk=a["user"]).first()
        return f"{label}{SEP}{user or GONE}"
    return label


def actions(rule: Rule) -> list[str]:
    return [_action(a) for a in rule.actions]


def result(item: dict) -> str:
    """One action of a firing: what it did, or why it was refused."""
    label = str(ACTION_KINDS.get(item.get("kind", ""), item.get("kind", "")))
    if not item.get("ok"):
        return _("%(action)s: refused — %(reason)s") % {
            "action": label,
            "reason": item.get("reason", ""),
        }
    data = item.get("data") or {}
    kind = item.get("kind")
    if kind == "tag":
        done = _("already tagged %(tag)s") if data.get("already") else _("tagged %(tag)s")
        return f"{label}{SEP}" + done % {"tag": data.get("tag", "")}
    if kind == "priority":
        return f"{label}{SEP}{_label(Priority, data.get('priority'))}"
    if kind == "assign":
        return f"{label}{SEP}{data.get('assignee', '')}"
    if kind == "assign_team":
        given = data.get("assignee") or _("nobody free, waits in the team's queue")
        return f"{label}{SEP}{data.get('team', '')} → {given}"
    if kind == "macro":
        return f"{label}{SEP}{data.get('macro', '')}"
    if kind == "notify":
        who = data.get("who")
        return f"{label}{SEP}" + (_("every supervisor") if who == "supervisors" else str(who))
    return label


def stopped(run: RuleRun) -> str:
    if not run.stopped:
        return ""
    return _(
        "Depth limit reached: what these actions caused (%(triggers)s) was not passed to the rules."
    ) % {"triggers": "、".join(_label(Trigger, t) for t in dict.fromkeys(run.stopped))}
