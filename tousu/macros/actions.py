"""Managing macros (supervisors) and applying one to a complaint (agents, later automation).

``fill`` puts the complaint's values into a macro's variables; ``apply_macro`` posts the
filled reply through ``tousu.complaints.actions`` and takes the macro's step, in one
transaction: a refused step leaves no reply behind.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.accounts.models import User
from tousu.complaints import actions, workflow
from tousu.complaints.access import may_manage_macros
from tousu.complaints.choices import Channel
from tousu.complaints.errors import NotFound, TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.macros.models import Macro

VARIABLE = re.compile(r"\{([a-z_]+)\}")

# Every variable a macro may use, with what it becomes.
VARIABLES = {
    "consumer_name": gettext_lazy("the consumer's name"),
    "complaint_number": gettext_lazy("the complaint number"),
    "order_number": gettext_lazy("the order number (blank without an order)"),
    "shop_name": gettext_lazy("the shop's name"),
    "deadline": gettext_lazy("the next deadline, Beijing time"),
    "agent_name": gettext_lazy("your name as the consumer sees it"),
}


def steps() -> list[workflow.Transition]:
    """The steps a macro may take: plain steps the platform takes (not the structured ones)."""
    return [
        t for t in workflow.TRANSITIONS.values() if not t.structured and t.roles & workflow.PLATFORM
    ]


def values(complaint: Complaint, actor: User | None) -> dict[str, str]:
    due = complaint.next_due_at
    return {
        "consumer_name": str(complaint.consumer),
        "complaint_number": complaint.number,
        "order_number": complaint.order.number if complaint.order_id else "",
        "shop_name": complaint.merchant.shop_name if complaint.merchant_id else "",
        "deadline": timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "",
        # An automation rule replies as the system: the platform's customer service.
        "agent_name": str(actor) if actor else _("Platform customer service"),
    }


def fill(macro: Macro, complaint: Complaint, actor: User | None) -> str:
    known = values(complaint, actor)
    return VARIABLE.sub(lambda m: known.get(m.group(1), m.group(0)), macro.body)


def _check(name: str, body: str, step: str) -> dict[str, str]:
    name, body = name.strip(), body.strip()
    errors = {}
    if not name or len(name) > 60:
        errors["name"] = _("Give the macro a name of at most 60 characters.")
    if not body:
        errors["body"] = _("Write the reply.")
    elif len(body) > settings.TOUSU_MESSAGE_MAX_CHARS:
        errors["body"] = _("Please keep the message under %(n)s characters.") % {
            "n": settings.TOUSU_MESSAGE_MAX_CHARS
        }
    unknown = sorted({v for v in VARIABLE.findall(body) if v not in VARIABLES})
    if unknown:
        errors["body"] = _("Unknown variables: %(names)s. Known: %(known)s.") % {
            "names": "、".join("{%s}" % v for v in unknown),
            "known": "、".join("{%s}" % v for v in VARIABLES),
        }
    if step and step not in {t.name for t in steps()}:
        errors["step"] = _("A macro cannot take this step.")
    if errors:
        raise ValidationFailed(errors)
    return {"name": name, "body": body, "step": step}


@transaction.atomic
def save_macro(
    actor: User, *, name: str, body: str, step: str = "", macro: Macro | None = None
) -> Macro:
    """Create a macro, or change ``macro``. Supervisors only."""
    if not may_manage_macros(actor):
        raise TransitionNotAllowed(_("Only supervisors manage macros."))
    fields = _check(name, body, step)
    clash = Macro.objects.filter(name=fields["name"])
    if (clash.exclude(pk=macro.pk) if macro else clash).exists():
        raise ValidationFailed({"name": _("A macro with this name exists already.")})
    macro = macro or Macro()
    for field, value in fields.items():
        setattr(macro, field, value)
    macro.updated_by = actor
    macro.save()
    return macro


@transaction.atomic
def delete_macro(actor: User, pk: int) -> None:
    if not may_manage_macros(actor):
        raise TransitionNotAllowed(_("Only supervisors manage macros."))
    deleted, _rows = Macro.objects.filter(pk=pk).delete()
    if not deleted:
        raise NotFound()


@transaction.atomic
def apply_macro(
    complaint: Complaint, macro: Macro, actor: User | None, *, channel: str = Channel.DESK
) -> Complaint:
    """Post the macro's filled reply and take its step (if any) as ``actor``, all or nothing
    (``actor`` None: the system, for an automation rule; the step must then be one the
    system may take)."""
    complaint = actions.lock(complaint)
    body = fill(macro, complaint, actor)
    actions.post_message(complaint, actor, body, channel=channel)
    if macro.step:
        step = workflow.TRANSITIONS[macro.step]
        note = body if step.needs_note else ""
        complaint = actions.transition(complaint, actor, macro.step, channel=channel, note=note)
    return complaint
