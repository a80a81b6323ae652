"""What a rule's JSON may say, and what it means.

A rule is data: ``trigger_params`` (a dict), ``conditions`` and ``actions`` (lists of dicts
with a ``kind``). ``clean`` checks and normalises all three before a rule is saved (errors
keyed by the desk form's field names, in the user's language); ``trigger_fits``,
``conditions_hold`` and ``open_matching`` read them. Each condition is answered two ways
that must agree (tests/automation/test_conditions.py): for one complaint in Python when a
rule fires, and as a query for the preview of the open complaints that match now.

Shapes (docs/automation.md):

* trigger parameters: ``{"to_status": ""|status}`` (status changed), ``{"clock": ""|clock}``
  (deadline approaching / missed), ``{"count": N}`` (urged at least N times);
* conditions: ``channel``/``category``/``shop``/``priority`` ``{"in": [...]}``,
  ``amount`` ``{"min_fen", "max_fen"}``, ``words`` ``{"any": [...]}``, ``time``
  ``{"when": "working"|"outside"|"hours", "from": "HH:MM", "to": "HH:MM"}``;
* actions, taken in their order: ``tag`` ``{"name"}``, ``priority`` ``{"priority"}``,
  ``assign`` ``{"user"}``, ``assign_team`` ``{"team"}`` (round-robin), ``macro``
  ``{"macro"}``, ``forward`` (ask the merchant to respond), ``notify`` ``{"user": id|null}``
  (a supervisor, or every supervisor).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.accounts.models import User
from tousu.automation.models import Trigger
from tousu.complaints import workflow
from tousu.complaints.access import SUPERVISING_ROLES, assignable_staff, may_supervise
from tousu.complaints.choices import Category, Channel, Priority
from tousu.complaints.models import OPEN_Q, Complaint
from tousu.macros.models import Macro
from tousu.merchants.models import Merchant
from tousu.sla import config as sla_config
from tousu.sla.models import Clock
from tousu.sla.worktime import ScheduleUnknown, in_shanghai
from tousu.teams.models import Team

CONDITION_KINDS = {
    "channel": gettext_lazy("Channel"),
    "category": gettext_lazy("Category"),
    "shop": gettext_lazy("Shop"),
    "priority": gettext_lazy("Priority"),
    "amount": gettext_lazy("Amount demanded"),
    "words": gettext_lazy("Words in the text"),
    "time": gettext_lazy("Time"),
}
ACTION_KINDS = {
    "tag": gettext_lazy("Add a tag"),
    "priority": gettext_lazy("Set the priority"),
    "assign": gettext_lazy("Assign to an agent"),
    "assign_team": gettext_lazy("Give to a team, in turn"),
    "macro": gettext_lazy("Reply with a macro"),
    "forward": gettext_lazy("Ask the merchant to respond"),
    "notify": gettext_lazy("Notify a supervisor"),
}
WHEN = {
    "working": gettext_lazy("in working time"),
    "outside": gettext_lazy("outside working time"),
    "hours": gettext_lazy("between two times of day"),
}
TAG_MAX = 32
WORDS_MAX = 20
CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class RuleInvalid(Exception):
    """``errors`` maps each desk form field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


# --- Checking -------------------------------------------------------------------------------


def _ints(values, field: str, errors: dict) -> list[int]:
    try:
        return sorted({int(v) for v in values})
    except (TypeError, ValueError):
        errors[field] = _("Please choose valid options.")
        return []


def clean_trigger(trigger: str, params: dict, errors: dict) -> dict:
    if trigger not in Trigger.values:
        errors["trigger"] = _("Please choose what starts the rule.")
        return {}
    params = params if isinstance(params, dict) else {}
    if trigger == Trigger.STATUS_CHANGED:
        status = params.get("to_status") or ""
        if status and status not in workflow.Status.values:
            errors["to_status"] = _("Please choose a valid status.")
        return {"to_status": status}
    if trigger in (Trigger.DEADLINE_APPROACHING, Trigger.DEADLINE_MISSED):
        clock = params.get("clock") or ""
        if clock and clock not in Clock.values:
            errors["clock"] = _("Please choose a valid deadline.")
        return {"clock": clock}
    if trigger == Trigger.URGED:
        try:
            count = int(params.get("count"))
        except (TypeError, ValueError):
            count = 0
        if not 1 <= count <= 100:
            errors["urge_count"] = _("Give how many urges start the rule: a number from 1 to 100.")
        return {"count": count}
    return {}


def _clean_condition(item: dict, errors: dict) -> dict | None:
    kind = item.get("kind")
    if kind in ("channel", "category", "priority", "shop"):
        values = item.get("in") or []
        if not isinstance(values, list) or not values:
            return None  # nothing chosen: no condition
        if kind == "channel":
            bad = [v for v in values if v not in Channel.values]
            chosen: list = sorted(set(values))
        elif kind == "category":
            bad = [v for v in values if v not in Category.values]
            chosen = sorted(set(values))
        else:
            chosen = _ints(values, "priorities" if kind == "priority" else "shops", errors)
            known = (
                Priority.values
                if kind == "priority"
                else set(Merchant.objects.filter(pk__in=chosen).values_list("pk", flat=True))
            )
            bad = [v for v in chosen if v not in known]
        if bad:
            field = {"channel": "channels", "category": "categories"}.get(kind, kind + "s")
            errors[field] = _("Please choose valid options.")
        return {"kind": kind, "in": chosen}
    if kind == "amount":
        low, high = item.get("min_fen"), item.get("max_fen")
        if low is None and high is None:
            return None
        if any(v is not None and (not isinstance(v, int) or v < 0) for v in (low, high)):
            errors["amount"] = _("Amounts are in yuan, not negative, with at most 2 decimals.")
        elif low is not None and high is not None and low > high:
            errors["amount"] = _("The smallest amount is more than the largest.")
        return {"kind": kind, "min_fen": low, "max_fen": high}
    if kind == "words":
        words = [w.strip() for w in item.get("any") or [] if isinstance(w, str) and w.strip()]
        if not words:
            return None
        if len(words) > WORDS_MAX or any(len(w) > 30 for w in words):
            errors["words"] = _("At most %(n)s words, each at most 30 characters.") % {
                "n": WORDS_MAX
            }
        return {"kind": kind, "any": list(dict.fromkeys(words))}
    if kind == "time":
        when = item.get("when") or ""
        if not when:
            return None
        if when not in WHEN:
            errors["time"] = _("Please choose valid options.")
            return None
        if when != "hours":
            return {"kind": kind, "when": when}
        start, end = item.get("from") or "", item.get("to") or ""
        if not CLOCK_TIME.match(start) or not CLOCK_TIME.match(end) or start == end:
            errors["time"] = _("Give two different times of day as HH:MM, e.g. 18:00 and 08:30.")
        return {"kind": kind, "when": when, "from": start, "to": end}
    errors["conditions"] = _("Unknown condition.")
    return None


def _clean_action(item: dict, errors: dict) -> dict | None:
    kind = item.get("kind")
    if kind == "tag":
        name = " ".join(str(item.get("name") or "").split())
        if not name:
            return None
        if len(name) > TAG_MAX:
            errors["tag"] = _("A tag has at most %(n)s characters.") % {"n": TAG_MAX}
        return {"kind": kind, "name": name}
    if kind == "forward":
        return {"kind": kind}
    key = {"priority": "priority", "assign": "user", "assign_team": "team", "macro": "macro"}
    if kind == "notify":
        user = item.get("user")
        if user is not None and not may_supervise(User.objects.filter(pk=user).first()):
            errors["notify"] = _("Choose a supervisor to notify.")
        return {"kind": kind, "user": user}
    if kind not in key:
        errors["actions"] = _("Unknown action.")
        return None
    value = item.get(key[kind])
    if value in (None, ""):
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = -1
    valid = {
        "priority": lambda v: v in Priority.values,
        "assign": lambda v: assignable_staff().filter(pk=v).exists(),
        "assign_team": lambda v: Team.objects.filter(pk=v, is_active=True).exists(),
        "macro": lambda v: Macro.objects.filter(pk=v).exists(),
    }[kind]
    if not valid(value):
        errors[kind] = _("Please choose a valid option.")
    return {"kind": kind, key[kind]: value}


def clean_conditions(conditions: list) -> list:
    """The conditions alone, checked (the preview of a rule not saved yet); raises ``RuleInvalid``."""
    errors: dict[str, str] = {}
    kept = [
        c
        for c in (_clean_condition(i, errors) for i in conditions if isinstance(i, dict))
        if c is not None
    ]
    if errors:
        raise RuleInvalid(errors)
    return kept


def supervisors() -> QuerySet[User]:
    """Whom the notify action may name: active supervisors and admins."""
    return User.objects.filter(role__in=SUPERVISING_ROLES, is_active=True).order_by(
        "display_name", "username"
    )


def clean(trigger: str, params: dict, conditions: list, actions: list) -> tuple[dict, list, list]:
    """The rule's JSON checked and normalised; raises ``RuleInvalid``. Empty conditions
    are dropped; a rule needs at least one action."""
    errors: dict[str, str] = {}
    params = clean_trigger(trigger, params, errors)
    kept_conditions = [
        c
        for c in (_clean_condition(i, errors) for i in conditions if isinstance(i, dict))
        if c is not None
    ]
    kept_actions = [
        a
        for a in (_clean_action(i, errors) for i in actions if isinstance(i, dict))
        if a is not None
    ]
    if not kept_actions and "actions" not in errors:
        errors["actions"] = _("Choose at least one thing for the rule to do.")
    if errors:
        raise RuleInvalid(errors)
    return params, kept_conditions, kept_actions


# --- Reading --------------------------------------------------------------------------------


def trigger_fits(trigger: str, params: dict, facts: dict) -> bool:
    """Whether the event (its ``facts``) is the one the rule's parameters ask for."""
    if trigger == Trigger.STATUS_CHANGED:
        return not params.get("to_status") or params["to_status"] == facts.get("to_status")
    if trigger in (Trigger.DEADLINE_APPROACHING, Trigger.DEADLINE_MISSED):
        return not params.get("clock") or params["clock"] == facts.get("clock")
    if trigger == Trigger.URGED:
        return int(facts.get("count") or 0) >= int(params.get("count") or 1)
    return True


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def time_holds(condition: dict, now: datetime) -> bool:
    """Working time is the default (office) calendar's open hours on its working days."""
    local = in_shanghai(now)
    when = condition["when"]
    if when == "hours":
        start, end = _minutes(condition["from"]), _minutes(condition["to"])
        minute = local.hour * 60 + local.minute
        return start <= minute < end if start < end else (minute >= start or minute < end)
    calendar = sla_config.current().calendar()
    try:
        working = calendar.is_working_day(local.date()) and (
            calendar.opens <= local.time() < calendar.closes
        )
    except ScheduleUnknown:
        return False  # a year without a holiday schedule: never guessed
    return working if when == "working" else not working


def _holds(condition: dict, complaint: Complaint, text: str, now: datetime) -> bool:
    kind = condition["kind"]
    if kind == "channel":
        return complaint.channel in condition["in"]
    if kind == "category":
        return complaint.category in condition["in"]
    if kind == "shop":
        return complaint.merchant_id in condition["in"]
    if kind == "priority":
        return complaint.priority in condition["in"]
    if kind == "amount":
        amount = complaint.demand_amount_fen
        low, high = condition.get("min_fen"), condition.get("max_fen")
        return (
            amount is not None
            and (low is None or amount >= low)
            and (high is None or amount <= high)
        )
    if kind == "words":
        lowered = text.lower()
        return any(word.lower() in lowered for word in condition["any"])
    if kind == "time":
        return time_holds(condition, now)
    return False


def conditions_hold(
    rule_team_id: int | None,
    conditions: list,
    complaint: Complaint,
    *,
    extra_text: str = "",
    now: datetime | None = None,
) -> bool:
    """Every condition holds for ``complaint`` (words: in its description or ``extra_text``,
    the consumer's message that triggered the rule)."""
    if rule_team_id is not None and complaint.team_id != rule_team_id:
        return False
    now = now or timezone.now()
    text = complaint.description + "\n" + extra_text
    return all(_holds(c, complaint, text, now) for c in conditions)


def _q(condition: dict, now: datetime) -> Q:
    kind = condition["kind"]
    if kind in ("channel", "category", "priority"):
        return Q(**{f"{kind}__in": condition["in"]})
    if kind == "shop":
        return Q(merchant_id__in=condition["in"])
    if kind == "amount":
        q = Q(demand_amount_fen__isnull=False)
        if condition.get("min_fen") is not None:
            q &= Q(demand_amount_fen__gte=condition["min_fen"])
        if condition.get("max_fen") is not None:
            q &= Q(demand_amount_fen__lte=condition["max_fen"])
        return q
    if kind == "words":
        q = Q(pk__in=[])
        for word in condition["any"]:
            q |= Q(description__icontains=word)
        return q
    if kind == "time":
        return Q() if time_holds(condition, now) else Q(pk__in=[])
    return Q(pk__in=[])


def open_matching(
    rule_team_id: int | None, conditions: list, now: datetime | None = None
) -> QuerySet[Complaint]:
    """The open complaints the conditions hold for now, newest first (the rule page's preview)."""
    now = now or timezone.now()
    query = Complaint.objects.filter(OPEN_Q)
    if rule_team_id is not None:
        query = query.filter(team_id=rule_team_id)
    for condition in conditions:
        query = query.filter(_q(condition, now))
    return query.order_by("-id")
