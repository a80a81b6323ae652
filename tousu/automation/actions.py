"""Every write to a rule and to a complaint's tags (each in one transaction).

Supervisors manage rules (``access.may_supervise``); the rule's JSON is checked by
``tousu.automation.spec.clean``. ``add_tag`` is the tag action of the rules and the way
in for anyone else who tags a complaint: the complaint locked, the tag added once, an
internal timeline event.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.automation import spec
from tousu.automation.models import ComplaintTag, Rule
from tousu.complaints import actions as complaint_actions
from tousu.complaints.access import is_platform_staff, may_supervise
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import NotFound, TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.teams.models import Team


def _require_supervisor(actor: User) -> None:
    if not may_supervise(actor):
        raise TransitionNotAllowed(_("Only supervisors manage automation rules."))


@transaction.atomic
def save_rule(
    actor: User,
    *,
    name: str,
    trigger: str,
    trigger_params: dict,
    conditions: list,
    actions: list,
    team: Team | None = None,
    order: int = 100,
    is_active: bool = True,
    rule: Rule | None = None,
) -> Rule:
    """Create a rule, or change ``rule``. Raises ``ValidationFailed`` keyed by the form's fields."""
    _require_supervisor(actor)
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name or len(name) > 80:
        errors["name"] = _("Give the rule a name of at most 80 characters.")
    elif Rule.objects.filter(name=name).exclude(pk=rule.pk if rule else None).exists():
        errors["name"] = _("A rule with this name exists already.")
    if not 0 <= order <= 10_000:
        errors["order"] = _("The order is a number from 0 to 10000.")
    if team is not None and not team.is_active:
        errors["team"] = _("This team is no longer active.")
    try:
        params, conditions, actions = spec.clean(trigger, trigger_params, conditions, actions)
    except spec.RuleInvalid as invalid:
        errors.update(invalid.errors)
    if errors:
        raise ValidationFailed(errors)
    if rule is None:
        rule = Rule(created_by=actor)
    else:
        rule = Rule.objects.select_for_update().get(pk=rule.pk)
    rule.name, rule.trigger, rule.trigger_params = name, trigger, params
    rule.conditions, rule.actions, rule.team = conditions, actions, team
    rule.order, rule.is_active, rule.updated_by = order, is_active, actor
    rule.save()
    return rule


@transaction.atomic
def set_active(actor: User, rule: Rule, active: bool) -> Rule:
    """Switch a rule on or off (off: it fires no more; its audit stays)."""
    _require_supervisor(actor)
    Rule.objects.filter(pk=rule.pk).update(is_active=active, updated_by=actor)
    rule.refresh_from_db()
    return rule


@transaction.atomic
def delete_rule(actor: User, pk: int) -> None:
    """Delete a rule; its firings stay in the audit under its name."""
    _require_supervisor(actor)
    deleted, _rows = Rule.objects.filter(pk=pk).delete()
    if not deleted:
        raise NotFound()


@transaction.atomic
def add_tag(
    complaint: Complaint, by: User | None, name: str, *, channel: str = Channel.DESK
) -> bool:
    """Put tag ``name`` on the complaint (``by`` None: the system, an automation rule).
    Returns False when it has the tag already (nothing is written)."""
    complaint = complaint_actions.lock(complaint)
    if by is not None and not is_platform_staff(by):
        raise TransitionNotAllowed()
    name = " ".join((name or "").split())
    if not name or len(name) > spec.TAG_MAX:
        raise ValidationFailed(
            {"tag": _("A tag has at most %(n)s characters.") % {"n": spec.TAG_MAX}}
        )
    if ComplaintTag.objects.filter(complaint=complaint, name=name).exists():
        return False
    ComplaintTag.objects.create(complaint=complaint, name=name, added_by=by)
    complaint_actions.record(
        complaint, EventKind.NOTE, by, channel, internal=True, data={"tag": name}
    )
    return True
