"""What a complaint page shows, shared by the consumer and the merchant page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tousu.adjudication.context import dispute
from tousu.complaints import access, quotas, timeline
from tousu.complaints.choices import Party
from tousu.complaints.models import Complaint
from tousu.portal.forms import EvidenceForm, MessageForm
from tousu.portal.guidance import next_step
from tousu.sla import timeleft, turns


def activity_context(
    request: HttpRequest,
    complaint: Complaint,
    *,
    message_form: MessageForm | None = None,
    evidence_form: EvidenceForm | None = None,
) -> dict:
    """The live part of the page: evidence, progress and the two forms htmx refreshes."""
    user = request.user
    events = access.timeline_for(user, complaint)
    return {
        "complaint": complaint,
        "entries": list(reversed(timeline.entries(complaint, events, user))),
        "evidence": list(access.evidence_for(user, complaint)),
        "message_form": message_form or MessageForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "is_merchant": access.is_merchant_staff(user),
    }


def urge_context(request: HttpRequest, complaint: Complaint) -> dict | None:
    """The 催一催 card: None where urging does not apply (not the consumer's open complaint,
    or the consumer is the one who must act); else when the next urge is allowed, as a wait
    ("可在 3 小时后再催") or empty when the button works now."""
    if not access.may_urge(request.user, complaint):
        return None
    if turns.acting_parties(complaint) == {Party.CONSUMER}:
        return None  # waiting for the consumer: urging would urge themselves
    now = timezone.now()
    retry_at = quotas.next_urge(complaint, request.user, now)
    return {
        "retry_at": retry_at,
        # Rounded up to the minute: never invites a click that is still refused.
        "wait": timeleft.span(int((retry_at - now).total_seconds()) + 59) if retry_at else "",
    }


def detail_context(
    request: HttpRequest,
    complaint: Complaint,
    *,
    message_form: MessageForm | None = None,
    evidence_form: EvidenceForm | None = None,
    act_error: tuple[str, str, str] | None = None,
    urge_error: str = "",
) -> dict:
    """Everything on the page. ``act_error`` is (transition name, note typed, message)."""
    context = activity_context(
        request, complaint, message_form=message_form, evidence_form=evidence_form
    )
    part = access.part_in(request.user, complaint)
    context.update(
        transitions=part.buttons(),
        next_step=next_step(complaint.status, merchant=context["is_merchant"]),
        snapshot=complaint.order_snapshot or {},
        act_error=act_error,
        urge_error=urge_error,
        urge_cooldown_hours=settings.TOUSU_URGE_COOLDOWN_HOURS,
        urge=urge_context(request, complaint),
        dispute=dispute(complaint, request.user, part),  # tousu.adjudication panels
    )
    return context
