"""When the consumer sees their external options, and the 12315 complaint Tousu drafts for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import Role
from tousu.accounts.phones import display as phone_display
from tousu.complaints import access, workflow
from tousu.complaints.choices import EventKind, ExternalBody
from tousu.complaints.models import Complaint
from tousu.escalation.areacodes import area_code_for_city
from tousu.sla.models import Deadline, DeadlineState

ONLINE_12315 = "https://www.12315.cn/"
BLACK_CAT = "https://tousu.sina.com.cn/"


def reason(complaint: Complaint) -> str | None:
    """Why the guide is shown ("not_accepted", "unsatisfied", "overdue", "escalated"), or None."""
    status = complaint.status
    if status == workflow.Status.NOT_ACCEPTED:
        return "not_accepted"
    if status == workflow.Status.ESCALATED:
        return "escalated"
    if status == workflow.Status.CLOSED:
        feedback = getattr(complaint, "feedback", None)
        if feedback is not None and not feedback.accepted:
            return "unsatisfied"
        return None
    if status in workflow.OPEN:
        overdue = (
            Deadline.objects.filter(complaint=complaint, ended_at__isnull=True)
            .filter(state=DeadlineState.BREACHED)
            .exists()
            or Deadline.objects.filter(
                complaint=complaint, ended_at__isnull=True, due_at__lt=timezone.now()
            ).exists()
        )
        if overdue:
            return "overdue"
    return None


@dataclass(frozen=True)
class Hotline:
    """Which city's 12315 to call, and why: where the merchant operates, else where the
    platform is domiciled (docs/domain.md#12315)."""

    city: str  # "" when neither the merchant's nor the platform's city is known
    basis: (
        str  # "merchant": where the merchant operates; "platform": where the platform is domiciled
    )
    area_code: str | None
    number: str | None  # "0571-12315"
    hours: str
    merchant_city: str  # the merchant's city when it is known but has no area code we know, else ""


def hotline(complaint: Complaint) -> Hotline:
    """The merchant's operating city when its area code is known, else the platform's city."""
    merchant_city = (complaint.merchant.city if complaint.merchant_id else "").strip()
    code = area_code_for_city(merchant_city)
    city, basis = merchant_city, "merchant"
    if code is None and settings.TOUSU_PLATFORM_CITY.strip():
        city, basis = settings.TOUSU_PLATFORM_CITY.strip(), "platform"
        code = area_code_for_city(city)
    return Hotline(
        city=city,
        basis=basis,
        area_code=code,
        number=f"{code}-12315" if code else None,
        hours=settings.TOUSU_12315_HOURS_BY_AREA_CODE.get(code, settings.TOUSU_12315_HOURS),
        merchant_city=merchant_city if basis == "platform" else "",
    )


def draft(complaint: Complaint, consumer, address: str = "") -> str:
    """The complaint to paste into 12315: every element 12315 requires, facts in order."""
    merchant = complaint.merchant
    demand = str(complaint.get_demand_display())
    if complaint.demand_amount_fen is not None:
        demand += _(", %(amount)s yuan") % {"amount": f"{complaint.demand_amount_fen / 100:.2f}"}
    facts = _facts(complaint, consumer)
    evidence = [
        f"{item.original_name}（SHA-256 {item.sha256}）"
        for item in access.evidence_for(consumer, complaint)
    ]
    order = complaint.order_snapshot or {}
    lines = [
        _("Complainant"),
        _("Name: %(v)s") % {"v": consumer.display_name or consumer.username},
        _("Phone: %(v)s") % {"v": phone_display(consumer.phone) or _("(please add)")},
        _("Address: %(v)s") % {"v": address.strip() or _("(please add)")},
        "",
        _("Respondent"),
        _("Name: %(v)s") % {"v": merchant.legal_name if merchant else _("(the platform)")},
        _("Registered address: %(v)s") % {"v": merchant.registered_address if merchant else ""},
        _("Shop: %(v)s") % {"v": merchant.shop_name if merchant else ""},
        "",
        _("Demand: %(v)s") % {"v": demand},
        "",
        _("Facts of the dispute"),
        _("Order %(order)s, paid %(amount)s yuan; complaint %(number)s on the platform.")
        % {
            "order": order.get("number", "—"),
            "amount": f"{order.get('amount_paid_fen', 0) / 100:.2f}",
            "number": complaint.number,
        },
        *[f"{i}. {line}" for i, line in enumerate(facts, 1)],
        "",
        _("List of evidence"),
        *([f"{i}. {line}" for i, line in enumerate(evidence, 1)] or [_("(none)")]),
    ]
    return "\n".join(lines)


def _facts(complaint: Complaint, consumer) -> list[str]:
    """What happened, in the consumer's words and the parties' answers: the complaint, then
    every message and every step someone took with a reason, oldest first. Steps without
    words and the system's notices are left out: 12315 wants the dispute, not our workflow."""
    zone = timezone.get_current_timezone()
    facts = [
        _("%(date)s I complained on the platform: %(description)s")
        % {
            "date": f"{complaint.created_at.astimezone(zone):%Y-%m-%d}",
            "description": complaint.description.strip(),
        }
    ]
    events = (
        access.timeline_for(consumer, complaint)
        .filter(kind__in=(EventKind.MESSAGE, EventKind.STATUS), actor__isnull=False)
        .exclude(actor_role=workflow.SYSTEM)
        .exclude(body="")
        .select_related("actor")
    )
    for event in events:
        said = {
            "date": f"{event.created_at.astimezone(zone):%Y-%m-%d %H:%M}",
            "who": _party(event, complaint),
            "text": event.body.strip(),
        }
        step = (
            workflow.TRANSITIONS.get(event.transition) if event.kind == EventKind.STATUS else None
        )
        if step is not None:
            facts.append(_("%(date)s %(who)s, %(step)s: %(text)s") % {**said, "step": step.label})
        else:
            facts.append(_("%(date)s %(who)s: %(text)s") % said)
    return facts


def _party(event, complaint: Complaint) -> str:
    """Who spoke, as the consumer writes it to 12315."""
    if event.actor_id == complaint.consumer_id:
        return _("I")
    if event.actor_role == Role.MERCHANT:
        return _("the merchant")
    return _("the platform's customer service")


def recorded(complaint: Complaint) -> list[dict]:
    """The escalations the consumer recorded, oldest first."""
    out = []
    for event in complaint.events.filter(kind=EventKind.EXTERNAL, internal=False).order_by("id"):
        item = dict(event.data.get("escalation") or {})
        where = item.get("where", "")
        item["where"] = str(ExternalBody(where).label) if where in ExternalBody.values else where
        out.append(item)
    return out
