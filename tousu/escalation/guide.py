"""When the consumer sees their external options, and the 12315 complaint Tousu drafts for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.phones import display as phone_display
from tousu.complaints import access, timeline, workflow
from tousu.complaints.choices import EventKind, ExternalBody
from tousu.complaints.models import Complaint
from tousu.escalation.areacodes import area_code_for_city
from tousu.sla.models import Deadline, DeadlineState

ONLINE_12315 = "https://www.12315.cn/"
BLACK_CAT = "https://tousu.sina.com.cn/"
# Weekday hours quoted for the 12315 hotline; cities differ (settings.TOUSU_12315_HOURS).
DEFAULT_HOURS = "08:30–12:00, 14:00–17:30"


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
        overdue = Deadline.objects.filter(complaint=complaint, ended_at__isnull=True).filter(
            state=DeadlineState.BREACHED).exists() or Deadline.objects.filter(
            complaint=complaint, ended_at__isnull=True, due_at__lt=timezone.now()).exists()
        if overdue:
            return "overdue"
    return None


@dataclass(frozen=True)
class Hotline:
    city: str
    area_code: str | None
    number: str | None
    hours: str


def hotline(complaint: Complaint) -> Hotline:
    city = complaint.merchant.city if complaint.merchant_id else ""
    code = area_code_for_city(city) if city else None
    hours = getattr(settings, "TOUSU_12315_HOURS", {}).get(city, DEFAULT_HOURS)
    return Hotline(city=city, area_code=code, number=f"{code}-12315" if code else None, hours=hours)


def draft(complaint: Complaint, consumer, address: str = "") -> str:
    """The complaint to paste into 12315: every element 12315 requires, facts in order."""
    merchant = complaint.merchant
    demand = str(complaint.get_demand_display())
    if complaint.demand_amount_fen is not None:
        demand += _(", %(amount)s yuan") % {"amount": f"{complaint.demand_amount_fen / 100:.2f}"}
    events = access.timeline_for(consumer, complaint).exclude(kind=EventKind.EXTERNAL)
    facts = []
    for entry in timeline.entries(complaint, events, consumer):
        line = f"{entry.at.astimezone(timezone.get_current_timezone()):%Y-%m-%d %H:%M} {entry.who}：{entry.summary}"
        if entry.body and entry.kind != EventKind.FILED:
            line += f"（{entry.body}）"
        facts.append(line)
    evidence = [f"{item.original_name}（SHA-256 {item.sha256}）" for item in access.evidence_for(consumer, complaint)]
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
        _("Order %(order)s, paid %(amount)s yuan; complaint %(number)s on the platform.") % {
            "order": order.get("number", "—"),
            "amount": f"{order.get('amount_paid_fen', 0) / 100:.2f}",
            "number": complaint.number,
        },
        complaint.description,
        *[f"{i}. {line}" for i, line in enumerate(facts, 1)],
        "",
        _("List of evidence"),
        *([f"{i}. {line}" for i, line in enumerate(evidence, 1)] or [_("(none)")]),
    ]
    return "\n".join(lines)


def recorded(complaint: Complaint) -> list[dict]:
    """The escalations the consumer recorded, oldest first."""
    out = []
    for event in complaint.events.filter(kind=EventKind.EXTERNAL, internal=False).order_by("id"):
        item = dict(event.data.get("escalation") or {})
        where = item.get("where", "")
        item["where"] = str(ExternalBody(where).label) if where in ExternalBody.values else where
        out.append(item)
    return out
