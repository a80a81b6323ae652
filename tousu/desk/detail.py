"""The complaint workbench: everything an agent needs on one page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tousu.complaints import timeline, workflow
from tousu.complaints.access import assignable_staff, evidence_for, part_in, timeline_for
from tousu.complaints.chain import verify
from tousu.complaints.choices import Priority
from tousu.complaints.guards import complaint_or_404, staff_only
from tousu.complaints.models import Complaint
from tousu.desk.forms import ReplyForm
from tousu.notify.deliveries import deliveries
from tousu.notify.undelivered import undelivered
from tousu.orders.models import OrderStatus
from tousu.sla.models import Deadline


def order_snapshot(complaint: Complaint) -> dict[str, Any] | None:
    """The order as it stood at filing, with line totals worked out for display."""
    snap = complaint.order_snapshot
    if not snap:
        return None
    items = [
        {**item, "line_fen": item.get("unit_price_fen", 0) * item.get("quantity", 0)}
        for item in snap.get("items", [])
    ]
    status = snap.get("status", "")
    label = OrderStatus(status).label if status in OrderStatus.values else status
    return {**snap, "items": items, "status_label": label}


def conversation(
    request: HttpRequest, complaint: Complaint, reply: ReplyForm | None = None
) -> dict[str, Any]:
    """Context of the timeline and the reply box, which htmx re-renders together."""
    events = timeline_for(request.user, complaint)
    return {
        "complaint": complaint,
        "entries": timeline.entries(complaint, events, request.user),
        "reply": reply or ReplyForm(),
    }


def render_detail(
    request: HttpRequest,
    complaint: Complaint,
    *,
    reply: ReplyForm | None = None,
    error: str = "",
    failed: str = "",
    status: int = 200,
) -> HttpResponse:
    """The whole page; ``error`` explains why the last step (``failed``) did not happen."""
    context = conversation(request, complaint, reply)
    evidence = list(evidence_for(request.user, complaint))
    context.update(
        evidence=evidence,
        snapshot=order_snapshot(complaint),
        transitions=part_in(request.user, complaint).buttons(),
        staff=list(assignable_staff()),
        priorities=Priority.choices,
        error=error,
        failed=failed,
        iso_step=workflow.ISO_STEP.get(complaint.status, ""),
        # Each refund with its state, tries, last error and next try (tousu.payments).
        refunds=list(complaint.refunds.all()),
        # Running clocks (tousu.sla): due time, or the flag that it could not be computed.
        now=timezone.now(),
        deadlines=list(
            Deadline.objects.filter(complaint=complaint, ended_at__isnull=True).order_by(
                "due_at", "clock"
            )
        ),
        # Replies the consumer never got (WeChat window closed, unfollowed…): phone instead.
        undelivered=undelivered(complaint),
        # Every WeChat, SMS and e-mail message about it: queued, sent, failed, undeliverable.
        deliveries=deliveries(complaint),
        # Tamper-evident timeline and evidence files, rechecked on every load (one complaint: cheap).
        integrity=verify(complaint, evidence),
    )
    return render(request, "desk/detail.html", context, status=status)


@staff_only
def detail(request: HttpRequest, number: str) -> HttpResponse:
    return render_detail(request, complaint_or_404(request.user, number))
