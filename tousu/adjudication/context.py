"""What the dispute panels show on the consumer's, the merchant's and the agent's page."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tousu.adjudication import decisions, fulfilment, negotiation
from tousu.adjudication.feedback import options_left
from tousu.adjudication.forms import STARRED, FeedbackForm, carrier_choices
from tousu.adjudication.models import Feedback
from tousu.complaints import access
from tousu.complaints.lines import is_old
from tousu.complaints.workflow import Status
from tousu.payments import actions as payments
from tousu.payments.models import UNPAID, RefundState
from tousu.remedies.calculator import EXCLUSIONS, no_reason_exclusion, remedies
from tousu.remedies.facts import facts_for
from tousu.remedies.rules import from_settings
from tousu.sla.models import Deadline


def suggestions(complaint, lines=None, **overrides) -> dict:
    """The calculator's remedies for this complaint, line by line (flags guessed from its
    category unless given; ``lines``: the lines concerned, default the complaint's own)."""
    snap = complaint.order_snapshot or {}
    # Paid before the records the platform must keep: the number of days, shown in the notice (0: not old).
    old = (
        settings.TOUSU_OLD_ORDER_NOTICE_DAYS
        if snap.get("paid_at") and is_old(parse_datetime(snap["paid_at"]))
        else 0
    )
    facts = facts_for(complaint, lines=lines, **overrides)
    if facts is None:
        return {"facts": None, "remedies": [], "exclusions": [], "old_order": old}
    rules = from_settings()
    exclusions = [
        (line, EXCLUSIONS[reason])
        for line in facts.items()
        if (reason := no_reason_exclusion(facts, rules, line))
    ]
    return {
        "facts": facts,
        "remedies": remedies(facts, rules),
        "exclusions": exclusions,
        "old_order": old,
        "per_line": bool(facts.lines),
    }


def dispute(complaint, viewer, part: access.Part | None = None) -> dict:
    """``part``: the viewer's part in the complaint, when the page has worked it out already."""
    part = part or access.part_in(viewer, complaint)
    feedback = Feedback.objects.filter(complaint=complaint).first()
    refunds = list(complaint.refunds.all())
    owed = (
        sum(payments.owed_by_merchant(complaint).values_list("amount_fen", flat=True))
        if access.is_merchant_of(viewer, complaint) and complaint.status == Status.FULFILMENT
        else 0
    )
    return {
        "response": negotiation.latest(complaint),
        "decision": decisions.latest(complaint),
        "shipment": fulfilment.current_return(complaint),
        "refunds": refunds,
        # A refund the merchant pays outside the platform (tousu.adjudication.reported).
        "owed_fen": owed,
        "can_report_refund": bool(owed),
        "reported": [r for r in refunds if r.state == RefundState.REPORTED],
        "can_answer_refund": access.is_consumer_of(viewer, complaint)
        and complaint.status == Status.REFUND_REPORTED,
        "disputed": [r for r in refunds if r.state == RefundState.DISPUTED],
        "feedback": feedback,
        "options_left": options_left() if (feedback and not feedback.accepted) else [],
        # Accept, or ask the platform: every answer of the merchant may be refused.
        "can_answer_offer": part.may_take("request_intervention"),
        "can_ship": part.may_take("return_shipped"),
        "can_rate": part.is_consumer
        and feedback is None
        and complaint.status in (Status.WAITING_CONFIRMATION, Status.CLOSED),
        "can_confirm_receipt": part.is_merchant and complaint.status == Status.RETURN_SHIPPED,
        # A remedy without money (exchange, repair, resend, apology) waits for the merchant's
        # report; money outcomes are fulfilled by the refunds themselves.
        "can_report_done": part.is_merchant
        and complaint.status == Status.FULFILMENT
        and not complaint.refunds.filter(state__in=UNPAID).exists(),
        "return_deadline": Deadline.objects.filter(
            complaint=complaint,
            ended_at__isnull=True,
            clock__in=["return_shipment", "return_receipt"],
        )
        .order_by("due_at")
        .first(),
        "refund_deadline": Deadline.objects.filter(
            complaint=complaint, ended_at__isnull=True, clock="refund_confirmation"
        ).first(),
        "now": timezone.now(),
        "carriers": carrier_choices(),
        "star_questions": [(name, FeedbackForm.base_fields[name].label) for name in STARRED],
    }
