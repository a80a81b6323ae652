"""The worker job that applies the rules to the triggers captured (``tousu worker``).

Each pending trigger is handled in one transaction: the row is taken (``SKIP LOCKED`` on
PostgreSQL; SQLite's writers are serial) and deleted, and each active rule listening to
the trigger, in order, whose parameters and conditions hold, fires: a ``RuleRun`` row
(unique per rule, complaint and event: a rule fires at most once per event), then each
action through the apps' own actions, as the system (actor None, channel "system"), each
in a savepoint. A refused action (a step not possible now, a macro deleted, an agent
gone) is recorded in the run with its reason and the next action goes on; one rule's
failure does not stop the others. Nothing here calls out: notices go to the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.automation import actions as automation_actions
from tousu.automation import capture, spec, texts
from tousu.automation.models import PendingTrigger, Rule, RuleRun, RunOutcome, Trigger
from tousu.complaints import actions as complaint_actions
from tousu.complaints import routing
from tousu.complaints.access import assignable_staff, may_supervise
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.macros.actions import apply_macro
from tousu.macros.models import Macro
from tousu.notify import rules as notify_rules
from tousu.teams.models import Team

log = logging.getLogger(__name__)
SYSTEM = Channel.SYSTEM


class Refused(Exception):
    """An action that cannot be taken as the rule says (what it names is gone)."""


def _tag(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    added = automation_actions.add_tag(complaint, None, action["name"], channel=SYSTEM)
    return {"tag": action["name"], "already": not added}


def _priority(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    complaint_actions.set_priority(complaint, None, action["priority"], channel=SYSTEM)
    return {"priority": action["priority"]}


def _assign(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    user = assignable_staff().filter(pk=action["user"]).first()
    if user is None:
        raise Refused(_("The agent is no longer active customer-service staff."))
    complaint_actions.assign(complaint, None, user, channel=SYSTEM)
    return {"assignee": user.username}


def _assign_team(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    team = Team.objects.filter(pk=action["team"]).first()
    if team is None:
        raise Refused(_("The team no longer exists."))
    complaint = routing.assign_in_turn(complaint, None, team, channel=SYSTEM)
    assignee = complaint.assignee.username if complaint.assignee_id else None
    return {"team": team.name, "assignee": assignee}


def _macro(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    macro = Macro.objects.filter(pk=action["macro"]).first()
    if macro is None:
        raise Refused(_("The macro no longer exists."))
    apply_macro(complaint, macro, None, channel=SYSTEM)
    return {"macro": macro.name}


def _forward(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    complaint_actions.transition(complaint, None, "forward_to_merchant", channel=SYSTEM)
    return {}


def _notify(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    context = {"rule": run.rule_name, "number": complaint.number, "trigger": run.trigger}
    key = f"rule:{run.pk}"
    if action.get("user") is None:
        notify_rules.to_supervisors(texts.TOPIC, context, complaint, key)
        return {"who": "supervisors"}
    user = User.objects.filter(pk=action["user"], is_active=True).first()
    if user is None or not may_supervise(user):
        raise Refused(_("The supervisor to notify is no longer a supervisor."))
    notify_rules.to_user(user, texts.TOPIC, context, key, complaint=complaint)
    return {"who": user.username}


PERFORM: dict[str, Callable[[Complaint, dict, RuleRun], dict]] = {
    "tag": _tag,
    "priority": _priority,
    "assign": _assign,
    "assign_team": _assign_team,
    "macro": _macro,
    "forward": _forward,
    "notify": _notify,
}


def _perform(complaint: Complaint, action: dict, run: RuleRun) -> dict:
    kind = action.get("kind", "")
    try:
        with transaction.atomic():
            data = PERFORM[kind](complaint, action, run)
    except ComplaintError as refused:
        return {"kind": kind, "ok": False, "reason": refused.text()}
    except Refused as refused:
        return {"kind": kind, "ok": False, "reason": str(refused)}
    except Exception as error:  # noqa: BLE001 - one broken action never stops the others
        log.exception("automation rule %s: action %s failed", run.rule_id, kind)
        return {"kind": kind, "ok": False, "reason": repr(error)[:300]}
    return {"kind": kind, "ok": True, "data": data}


def _extra_text(pending: PendingTrigger) -> str:
    """The consumer's message that triggered the rule (the words condition reads it too)."""
    if pending.trigger != Trigger.CONSUMER_MESSAGE:
        return ""
    event = ComplaintEvent.objects.filter(pk=pending.facts.get("event")).first()
    return event.body if event else ""


def fire(
    rule: Rule, complaint: Complaint, pending: PendingTrigger, extra_text: str
) -> RuleRun | None:
    """Fire ``rule`` for this trigger if it fits; the run, or None (not fitting, or fired already)."""
    if not spec.trigger_fits(rule.trigger, rule.trigger_params, pending.facts):
        return None
    complaint.refresh_from_db()  # an earlier rule on the same event may have changed it
    if not spec.conditions_hold(rule.team_id, rule.conditions, complaint, extra_text=extra_text):
        return None
    try:
        with transaction.atomic():
            run = RuleRun.objects.create(
                rule=rule,
                rule_name=rule.name,
                complaint=complaint,
                trigger=pending.trigger,
                event_key=pending.event_key,
                depth=pending.depth,
                at=timezone.now(),
            )
    except IntegrityError:
        return None  # this rule fired for this event already
    now_running = capture.Running(pending.depth)
    token = capture.running.set(now_running)
    try:
        results = [_perform(complaint, action, run) for action in rule.actions]
    finally:
        capture.running.reset(token)
    done = sum(1 for r in results if r["ok"])
    run.results, run.stopped = results, now_running.stopped
    run.outcome = (
        RunOutcome.APPLIED
        if done == len(results)
        else (RunOutcome.PARTLY if done else RunOutcome.REFUSED)
    )
    run.save(update_fields=["results", "stopped", "outcome"])
    if done:
        complaint_actions.record_note(
            complaint,
            None,
            channel=SYSTEM,
            data={"rule": {"id": rule.pk, "name": rule.name, "run": run.pk}},
        )
    return run


def _take(pk: int) -> PendingTrigger | None:
    rows = PendingTrigger.objects.filter(pk=pk)
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    pending = rows.first()
    if pending is None or not PendingTrigger.objects.filter(pk=pk).delete()[0]:
        return None  # another worker has it
    return pending


@transaction.atomic
def apply_pending(pk: int) -> list[RuleRun]:
    """Apply the active rules to one pending trigger; returns the runs (fired rules)."""
    pending = _take(pk)
    if pending is None:
        return []
    complaint = complaint_actions.lock(Complaint(pk=pending.complaint_id))
    extra_text = _extra_text(pending)
    runs = []
    for rule in Rule.objects.filter(trigger=pending.trigger, is_active=True).order_by(
        "order", "id"
    ):
        try:
            with transaction.atomic():
                run = fire(rule, complaint, pending, extra_text)
        except Exception:  # noqa: BLE001 - one bad rule does not stop the others
            log.exception("automation rule %s failed on complaint %s", rule.pk, complaint.pk)
            continue
        if run is not None:
            runs.append(run)
    return runs


def apply_due(limit: int = 100) -> int:
    """One worker round: up to ``limit`` pending triggers, oldest first; returns how many."""
    ids = list(PendingTrigger.objects.order_by("id").values_list("pk", flat=True)[:limit])
    done = 0
    for pk in ids:
        apply_pending(pk)
        done += 1
    return done
