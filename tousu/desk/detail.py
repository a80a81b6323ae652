"""The complaint workbench: everything an agent needs on one page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tousu.complaints import timeline
from tousu.complaints.access import (
    assignable_staff,
    complaints_for,
    evidence_for,
    part_in,
    timeline_for,
)
from tousu.complaints.chain import verify
from tousu.complaints.choices import Category, Priority
from tousu.complaints.guards import complaint_or_404, staff_only
from tousu.complaints.models import Complaint
from tousu.cursors import parse_key
from tousu.desk.actions import others_present
from tousu.desk.forms import ReplyForm
from tousu.macros.actions import fill
from tousu.macros.models import Macro
from tousu.notify.deliveries import deliveries
from tousu.notify.undelivered import undelivered
from tousu.orders.models import OrderStatus
from tousu.sla import turns
from tousu.sla.models import Deadline
from tousu.teams.models import Team
from tousu.triage.suggest import stored as triage_suggestion


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
        "macros": macros_for(request, complaint),
    }


OTHERS_SHOWN = 20


def others_of_consumer(request: HttpRequest, complaint: Complaint) -> list[Complaint]:
    """The consumer's other complaints, every channel, newest first (index cmp_consumer_id)."""
    return list(
        complaints_for(request.user)
        .filter(consumer_id=complaint.consumer_id)
        .exclude(pk=complaint.pk)
        .select_related("merchant")
        .only("number", "status", "channel", "created_at", "merchant__shop_name")
        .order_by("-id")[: OTHERS_SHOWN + 1]
    )


def macros_for(request: HttpRequest, complaint: Complaint) -> list[tuple[Macro, str]]:
    """Every macro with its reply filled in for this complaint (for the reply box)."""
    return [(m, fill(m, complaint, request.user)) for m in Macro.objects.order_by("name")]


def _teams(complaint: Complaint) -> list[Team]:
    """The active teams, in one query that also gives the complaint its own team (shown
    even when inactive) without another."""
    teams = list(Team.objects.order_by("name"))
    if complaint.team_id is not None:
        complaint.team = next((t for t in teams if t.pk == complaint.team_id), None)
    return [t for t in teams if t.is_active]


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
        teams=_teams(complaint),  # where it can be moved: the active teams
        priorities=Priority.choices,
        categories=Category.choices,
        error=error,
        failed=failed,
        # Whom a paused clock waits for (the party asked, not always the consumer).
        pause_note=turns.pause_note(complaint, None),
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
        others=others_of_consumer(request, complaint),
        others_shown=OTHERS_SHOWN,
        present=others_present(request.user, complaint),
        presence_poll=settings.TOUSU_DESK_PRESENCE_POLL_SECONDS,
        triage=triage_suggestion(complaint),  # tousu.triage: suggested category, urgency
    )
    return render(request, "desk/detail.html", context, status=status)


@staff_only
def detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    reply = None
    chosen = parse_key(request.GET.get("macro", ""))
    macro = Macro.objects.filter(pk=chosen).first() if chosen is not None else None
    if macro is not None:  # "Insert" without JavaScript: the reply box filled in
        reply = ReplyForm(initial={"body": fill(macro, complaint, request.user)})
    return render_detail(request, complaint, reply=reply)
