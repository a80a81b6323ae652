"""Model → JSON-ready dicts. Labels come out in the caller's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tousu.accounts import phones
from tousu.accounts.models import User
from tousu.adjudication.context import dispute
from tousu.adjudication.models import (
    Answer,
    Decision,
    MerchantResponse,
    Outcome,
    Remedy,
    ReturnShipment,
)
from tousu.api.rendering import yuan
from tousu.complaints import access, timeline, workflow
from tousu.complaints.choices import Category, Demand, Kind, Party, Priority
from tousu.complaints.models import Complaint, Evidence
from tousu.orders.models import Order, OrderItem, OrderStatus, ProductCategory
from tousu.payments.models import PaidBy, RefundInstruction, RefundState
from tousu.sla import timeleft, turns
from tousu.sla.models import Clock, Deadline, DeadlineState
from tousu.teams.models import Team
from tousu.triage.suggest import stored as triage_suggestion


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def order_item(item: OrderItem) -> dict[str, Any]:
    subtotal = item.unit_price_fen * item.quantity
    return {
        "id": item.pk,
        "product_name": item.product_name,
        "sku": item.sku,
        "category": item.category,
        "category_label": _label(ProductCategory, item.category),
        "product_kind": item.product_kind,
        "unit_price_fen": item.unit_price_fen,
        "unit_price_yuan": yuan(item.unit_price_fen),
        "quantity": item.quantity,
        "subtotal_fen": subtotal,
        "subtotal_yuan": yuan(subtotal),
    }


def order(o: Order) -> dict[str, Any]:
    """An order with its lines; expects ``merchant`` selected and ``items`` prefetched."""
    return {
        "number": o.number,
        "status": o.status,
        "status_label": _label(OrderStatus, o.status),
        "merchant": {"shop_name": o.merchant.shop_name, "city": o.merchant.city},
        "amount_paid_fen": o.amount_paid_fen,
        "amount_paid_yuan": yuan(o.amount_paid_fen),
        "paid_at": o.paid_at,
        "shipped_at": o.shipped_at,
        "received_at": o.received_at,
        "invoice_date": o.invoice_date,
        "logistics_number": o.logistics_number,
        "items": [order_item(i) for i in o.items.all()],
    }


def complaint(c: Complaint) -> dict[str, Any]:
    """The summary shown in lists; expects ``order`` and ``merchant`` selected."""
    return {
        "number": c.number,
        "status": c.status,
        "status_label": _label(workflow.Status, c.status),
        "is_open": c.is_open,
        "kind": c.kind,
        "kind_label": _label(Kind, c.kind),
        "category": c.category,
        "category_label": _label(Category, c.category),
        "demand": c.demand,
        "demand_label": _label(Demand, c.demand),
        "amount_fen": c.demand_amount_fen,
        "amount_yuan": yuan(c.demand_amount_fen),
        "order_number": c.order.number if c.order_id else None,
        "merchant": c.merchant.shop_name if c.merchant_id else None,
        "channel": c.channel,
        "description": c.description,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "acknowledged_at": c.acknowledged_at,
        "closed_at": c.closed_at,
        "urge_count": c.urge_count,
        "last_urged_at": c.last_urged_at,
    }


def evidence(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.pk,
        "original_name": e.original_name,
        "media_type": e.media_type,
        "content_type": e.content_type,
        "size": e.size,
        "sha256": e.sha256,
        "caption": e.caption,
        "uploaded_at": e.uploaded_at,
        "url": reverse("evidence", args=[e.pk]),
        "api_url": reverse("api:evidence_file", args=[e.pk]),
    }


def entry(item: timeline.Entry) -> dict[str, Any]:
    return {
        "id": item.id,
        "at": item.at,
        "who": str(item.who),
        "side": item.side,
        "kind": item.kind,
        "summary": str(item.summary),
        "body": item.body,
        "internal": item.internal,
        "channel": str(item.channel),
        "evidence": evidence(item.evidence) if item.evidence else None,
    }


def complaint_detail(c: Complaint, viewer: User) -> dict[str, Any]:
    """Status, the caller's next steps, evidence and the timeline the caller may see; and
    the block of the caller's part (each null for the others): ``resolution`` for the
    consumer, ``shop_view`` for the shop's staff, ``staff`` for platform staff."""
    steps = access.part_in(viewer, c).buttons()
    entries = timeline.entries(c, access.timeline_for(viewer, c), viewer)
    reader = turns.reader_of(viewer, c)
    now = turns.turn(c, reader)
    return {
        **complaint(c),
        "status_label": now.status_label
        if now
        else turns.status_for(c, reader),  # "you" on the caller's turn
        "turn": None
        if now is None
        else {
            "step": now.status_label,
            "who": list(now.actors),
            "who_label": now.actors_label,
            "yours": now.yours,
            "clock": now.clock,
            "due_at": now.due_at,
            "time_left": now.time_left,
            "due_local": now.due_local,
            "overdue": now.overdue,
        },
        "lines": [
            {
                "item_id": line.order_item_id,
                "product_name": line.product_name,
                "category": line.category,
                "product_kind": line.product_kind,
                "unit_price_fen": line.unit_price_fen,
                "quantity": line.quantity,
                "ordered_quantity": line.ordered_quantity,
                "paid_fen": line.paid_fen,
                "paid_yuan": yuan(line.paid_fen),
            }
            for line in c.lines.all()
        ],
        "actions": [{"name": t.name, "label": str(t.label)} for t in steps],
        "evidence": [evidence(e) for e in access.evidence_for(viewer, c)],
        "timeline": [entry(x) for x in entries],
        "resolution": resolution(c, viewer),
        "shop_view": shop_view(c, viewer),
        "staff": staff_fields(c) if access.is_platform_staff(viewer) else None,
    }


# --- The consumer's view of the resolution ---------------------------------------------


def _deadline(run: Deadline | None) -> dict[str, Any] | None:
    """A running clock, the same object as in the staff block (``deadline`` below)."""
    return deadline(run, timezone.now()) if run is not None else None


def _offer(r: MerchantResponse | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "answer": r.answer,
        "answer_label": _label(Answer, r.answer),
        "remedy": r.remedy or None,
        "remedy_label": _label(Remedy, r.remedy) if r.remedy else "",
        "amount_fen": r.amount_fen,
        "amount_yuan": yuan(r.amount_fen),
        "reason": r.reason,
        "reply": r.reply or None,
        "answered_at": r.created_at,
    }


def _decision(d: Decision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "outcome": d.outcome,
        "outcome_label": _label(Outcome, d.outcome),
        "refund_fen": d.refund_fen,
        "refund_yuan": yuan(d.refund_fen),
        "compensation_fen": d.compensation_fen,
        "compensation_yuan": yuan(d.compensation_fen),
        "compensation_basis": d.compensation_basis,
        "loss_fen": d.loss_fen,
        "loss_yuan": yuan(d.loss_fen),
        "return_required": d.return_required,
        "shipping_paid_by": d.shipping_paid_by or None,
        "grounds": d.grounds,
        "decided_at": d.created_at,
    }


def _return(c: Complaint, shipment: ReturnShipment | None, run: Deadline | None) -> dict | None:
    if shipment is None:
        return None
    shop = c.merchant
    return {
        "address": shipment.address,
        "recipient": (shop.contact_name or shop.shop_name) if shop else "",
        "phone": shop.contact_phone if shop else "",
        "shipping_paid_by": shipment.shipping_paid_by or None,
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "shipped_at": shipment.shipped_at,
        "received_at": shipment.received_at,
        "deadline": _deadline(run),
    }


def _refund(r: RefundInstruction) -> dict[str, Any]:
    return {
        "amount_fen": r.amount_fen,
        "amount_yuan": yuan(r.amount_fen),
        "state": r.state,
        "state_label": _label(RefundState, r.state),
        "reference": r.reference if r.paid_by == PaidBy.MERCHANT else "",
        "sent_at": r.sent_at,
        "refunded_at": r.refunded_at,
    }


def resolution(c: Complaint, viewer: User) -> dict[str, Any] | None:
    """What the consumer's page shows of the dispute (tousu.adjudication.context.dispute):
    the merchant's answer, the decision, where to send the goods and by when, the refunds
    and the rating. None for anyone but the complaint's consumer."""
    if not access.is_consumer_of(viewer, c):
        return None
    shown = dispute(c, viewer)
    rating = shown["feedback"]
    return {
        "offer": _offer(shown["response"]),
        "decision": _decision(shown["decision"]),
        "return_shipment": _return(c, shown["shipment"], shown["return_deadline"]),
        "refunds": [_refund(r) for r in shown["refunds"]],
        "refund_deadline": _deadline(shown["refund_deadline"]),
        "rating": None
        if rating is None
        else {
            "attitude": rating.attitude,
            "speed": rating.speed,
            "overall": rating.overall,
            "comment": rating.comment,
            "accepted": rating.accepted,
            "options_left": shown["options_left"],
        },
    }


# --- Platform staff ------------------------------------------------------------------------


def _staff_member(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"username": user.username, "display_name": user.display_name or user.username}


def _team(team: Team | None) -> dict[str, Any] | None:
    if team is None:
        return None
    return {"id": team.pk, "name": team.name, "is_active": team.is_active}


def _consumer(user: User) -> dict[str, Any]:
    """The consumer as staff see them: the phone masked as on the desk."""
    return {
        "username": user.username,
        "display_name": str(user),
        "phone_masked": phones.mask(user.phone),
    }


def deadline(run: Deadline, now: datetime) -> dict[str, Any]:
    """One running clock, as the desk lists it; ``due_at`` only while it counts."""
    due = run.due_at if run.state != DeadlineState.PAUSED else None
    return {
        "clock": run.clock,
        "clock_label": _label(Clock, run.clock),
        "state": run.state,
        "state_label": _label(DeadlineState, run.state),
        "started_at": run.started_at,
        "due_at": due,
        "time_left": timeleft.time_left(due, now),
        "due_local": timeleft.due_local(due),
        "overdue": run.state == DeadlineState.BREACHED or bool(due and due <= now),
    }


def staff_fields(c: Complaint) -> dict[str, Any]:
    """What platform staff see besides the parties' view: who complained (phone masked as
    on the desk), who handles it, its priority and every running clock."""
    now = timezone.now()
    runs = Deadline.objects.filter(complaint=c, ended_at__isnull=True).order_by("due_at", "clock")
    return {
        "consumer": _consumer(c.consumer),
        "assignee": _staff_member(c.assignee),
        "team": _team(c.team),
        "priority": c.priority,
        "priority_label": _label(Priority, c.priority),
        "deadlines": [deadline(run, now) for run in runs],
        "triage": _triage(c),
    }


def _triage(c: Complaint) -> dict[str, Any] | None:
    suggestion = triage_suggestion(c)
    if suggestion is None:
        return None
    return {
        "category": suggestion.category,
        "category_label": _label(Category, suggestion.category),
        "urgent": suggestion.urgent,
        "method": suggestion.method,
        "model_version": suggestion.model_version,
    }


def queue_item(c: Complaint) -> dict[str, Any]:
    """A queue row: the summary plus priority, assignee, team and the consumer (phone masked);
    expects ``order``, ``merchant``, ``consumer``, ``assignee`` and ``team`` selected."""
    return {
        **complaint(c),
        "priority": c.priority,
        "priority_label": _label(Priority, c.priority),
        "assignee": _staff_member(c.assignee),
        "team": _team(c.team),
        "consumer": _consumer(c.consumer),
    }


# --- The merchant's view (the merchant center's panels, for the shop's staff and keys) ---


def shop_view(c: Complaint, viewer: User) -> dict[str, Any] | None:
    """What the merchant center shows the shop's staff beyond the common detail (None for
    anyone else): the consumer by name and masked phone, the shop's running deadlines with the
    time left, its answer, the return, the refunds, and which merchant steps apply now."""
    if not access.is_merchant_of(viewer, c):
        return None
    panels = dispute(c, viewer)
    asked = (
        Party.MERCHANT in turns.acting_parties(c) and c.status == workflow.Status.WAITING_EVIDENCE
    )
    now = timezone.now()
    steps = [
        name
        for name, possible in (
            ("answer", c.status == workflow.Status.WAITING_MERCHANT),
            ("evidence_response", asked),
            ("return_received", panels["can_confirm_receipt"]),
            ("refund_paid", panels["can_report_refund"]),
        )
        if possible
    ]
    return {
        "consumer": {
            "username": None,  # the shop sees the name and the masked phone, not the login
            "display_name": str(c.consumer),
            "phone_masked": phones.mask(c.consumer.phone),
        },
        "deadlines": [deadline(d, now) for d in turns.running_deadlines(c, Party.MERCHANT)],
        "answer": _offer(panels["response"]),
        "return_shipment": _return(c, panels["shipment"], panels["return_deadline"]),
        "refunds": [_refund(r) for r in panels["refunds"]],
        "refund_owed_fen": panels["owed_fen"],
        "evidence_requested": asked,
        "steps": steps,
    }
