"""The desk's POST endpoints. Each parses a small form, calls one action and
redirects back to the complaint (POST/redirect/GET), so every one works without
JavaScript. A domain error re-renders the page with the reason and changes nothing:
each action runs in one transaction.
"""

from __future__ import annotations

from typing import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.adjudication import refunds
from tousu.complaints import actions, routing, workflow
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.complaints.guards import complaint_or_404, staff_only
from tousu.complaints.models import Complaint
from tousu.desk.detail import conversation, render_detail
from tousu.desk.forms import (
    AssignForm,
    CategoryForm,
    MoveToTeamForm,
    PriorityForm,
    ReplyForm,
    TransitionForm,
)


def _explain(error: ComplaintError) -> str:
    if isinstance(error, ValidationFailed) and len(error.errors) > 1:
        return " ".join(error.errors.values())
    return error.text()


def _back(complaint: Complaint) -> HttpResponse:
    return redirect("desk:detail", number=complaint.number)


def run_step(
    request: HttpRequest,
    complaint: Complaint,
    what: str,
    step: Callable[[], object],
    done: str,
    label: str = "",
) -> HttpResponse:
    try:
        step()
    except ComplaintError as error:
        reason = _explain(error)
        reason = f"{label}: {reason}" if label else reason
        return render_detail(request, complaint, error=reason, failed=what, status=error.status)
    messages.success(request, done)
    return _back(complaint)


@staff_only
@require_POST
def reply(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = ReplyForm(request.POST)
    error = ""
    if form.is_valid():
        internal = form.cleaned_data["visibility"] == ReplyForm.INTERNAL
        try:
            actions.post_message(
                complaint,
                request.user,
                form.cleaned_data["body"],
                channel=Channel.DESK,
                internal=internal,
            )
        except ComplaintError as failure:
            error = _explain(failure)
            form.add_error("body", error)
        else:
            if request.htmx:
                return render(request, "desk/_conversation.html", conversation(request, complaint))
            messages.success(request, _("Internal note added.") if internal else _("Reply sent."))
            return _back(complaint)
    if request.htmx:
        return render(request, "desk/_conversation.html", conversation(request, complaint, form))
    return render_detail(
        request,
        complaint,
        reply=form,
        error=error or _("The message was not sent."),
        failed="reply",
        status=422,
    )


@staff_only
@require_POST
def transition(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return render_detail(
            request,
            complaint,
            error=_("This step is not possible for this complaint now."),
            failed="transition",
            status=400,
        )
    name, note = form.cleaned_data["name"], form.cleaned_data["note"]
    step = workflow.TRANSITIONS.get(name)
    return run_step(
        request,
        complaint,
        f"transition:{name}",
        lambda: actions.transition(complaint, request.user, name, channel=Channel.DESK, note=note),
        _("Status updated."),
        label=str(step.label) if step else "",
    )


@staff_only
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = AssignForm(request.POST)
    ok, assignee = form.target(request.user) if form.is_valid() else (False, None)
    if not ok:
        return render_detail(
            request,
            complaint,
            error=_("Please choose a member of the customer-service staff."),
            failed="assign",
            status=400,
        )
    done = (
        _("Assigned to %(who)s.") % {"who": assignee} if assignee else _("Returned to the queue.")
    )
    return run_step(
        request,
        complaint,
        "assign",
        lambda: actions.assign(complaint, request.user, assignee),
        done,
    )


@staff_only
@require_POST
def priority(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return render_detail(
            request,
            complaint,
            error=_("Please choose a valid option."),
            failed="priority",
            status=400,
        )
    value = form.cleaned_data["priority"]
    return run_step(
        request,
        complaint,
        "priority",
        lambda: actions.set_priority(complaint, request.user, value),
        _("Priority updated."),
    )


@staff_only
@require_POST
def category(request: HttpRequest, number: str) -> HttpResponse:
    """Put it in the category it really belongs to (a correction the triage learns from)."""
    complaint = complaint_or_404(request.user, number)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        return render_detail(
            request,
            complaint,
            error=_("Please choose a valid option."),
            failed="category",
            status=400,
        )
    value = form.cleaned_data["category"]
    return run_step(
        request,
        complaint,
        "category",
        lambda: actions.set_category(complaint, request.user, value),
        _("Category updated."),
    )


@staff_only
@require_POST
def team(request: HttpRequest, number: str) -> HttpResponse:
    """Move it to another team's queue (or out of its team), or give it in turn (按团队轮流分派)."""
    complaint = complaint_or_404(request.user, number)
    form = MoveToTeamForm(request.POST)
    ok, chosen = form.target() if form.is_valid() else (False, None)
    if not ok:
        return render_detail(
            request, complaint, error=_("Please choose a team."), failed="team", status=400
        )
    if chosen is not None and form.cleaned_data["in_turn"]:
        return run_step(
            request,
            complaint,
            "team",
            lambda: routing.assign_in_turn(complaint, request.user, chosen, channel=Channel.DESK),
            _("Put in team %(team)s and given to its next member in turn.") % {"team": chosen},
        )
    done = (
        _("Moved to team %(team)s.") % {"team": chosen} if chosen else _("Taken out of its team.")
    )
    return run_step(
        request,
        complaint,
        "team",
        lambda: routing.route_to_team(complaint, request.user, chosen, channel=Channel.DESK),
        done,
    )


@staff_only
@require_POST
def retry_refund(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Send a failed refund again now: the worker sends it on its next round."""
    complaint = complaint_or_404(request.user, number)
    return run_step(
        request,
        complaint,
        f"refund:{pk}",
        lambda: refunds.retry_now(complaint, request.user, pk),
        _("The refund is due again: the worker sends it within moments."),
    )
