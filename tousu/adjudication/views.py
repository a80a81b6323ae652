"""Dispute pages: the agent's intervention view and the consumer's dispute steps.

Views only parse, call an action (negotiation, decisions, fulfilment, feedback) and
render; anyone without access to the complaint gets 404 (tousu.complaints.access).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.adjudication import decisions, feedback, fulfilment, negotiation, reported
from tousu.adjudication.context import dispute, suggestions
from tousu.adjudication.forms import (
    STARRED,
    DecisionForm,
    EvidenceRequestForm,
    FeedbackForm,
    ReturnForm,
    YuanField,
)
from tousu.complaints.access import evidence_for
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.complaints.guards import complaint_or_404, consumer_only, staff_only
from tousu.complaints.workflow import Status

FLAGS = (
    "defect",
    "main_part",
    "fraud",
    "food_safety",
    "custom_made",
    "perishable",
    "unsealed_digital",
    "periodical",
    "confirmed_non_returnable",
)


# Action error keys → form fields.
FORM_FIELD = {
    "refund_fen": "refund",
    "compensation_fen": "compensation",
    "penalty_fen": "penalty_amount",
    "loss_fen": "loss",
}


def _sides(complaint, viewer) -> dict[str, list]:
    """Evidence by who brought it: consumer, merchant, platform."""
    sides: dict[str, list] = {"consumer": [], "merchant": [], "platform": []}
    for item in evidence_for(viewer, complaint):
        sides[item.party].append(item)
    return sides


def _overrides(request: HttpRequest) -> tuple[dict, str]:
    """The facts the agent confirmed on the calculator (flags, failed repairs, the proven loss in yuan)."""
    if "calc" not in request.GET:
        return {}, ""
    values: dict = {flag: request.GET.get(flag) == "on" for flag in FLAGS}
    problem = ""
    try:
        values["loss_fen"] = YuanField(required=False).clean(request.GET.get("loss", ""))
    except ValidationError as invalid:
        problem = " ".join(invalid.messages)
    repairs = request.GET.get("failed_repairs", "").strip() or "0"
    if repairs.isdigit():
        values["failed_repairs"] = int(repairs)
    else:
        problem = _("Enter the number of failed repairs as a whole number.")
    return values, problem


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}" if fen else ""


def _start_from(picked: list) -> dict:
    """The decision form's first values: empty, or what the ticked remedies add up to.

    The agent still chooses the outcome; a return is shipped at the merchant's cost when
    any ticked remedy says so (every defect remedy does)."""
    if not picked:
        return {}
    payers = {r.shipping_paid_by for r in picked if r.return_required}
    compensated = [r for r in picked if r.compensation_fen or r.loss_fen]
    return {
        "refund": _yuan(sum(r.refund_fen for r in picked)),
        "compensation": _yuan(sum(r.compensation_fen for r in picked)),
        "loss": _yuan(sum(r.loss_fen for r in picked)),
        "return_required": bool(payers),
        "shipping_paid_by": "merchant" if "merchant" in payers else ("consumer" if payers else ""),
        "compensation_basis": "; ".join(dict.fromkeys(r.basis for r in compensated))[:200],
        "grounds": "\n".join(
            f"{r.label}{f' ({r.line.name} × {r.line.quantity})' if r.line else ''}: {r.basis}"
            + (f" — {r.condition}" if r.condition else "")
            for r in picked
        ),
    }


def _intervention(
    request, complaint, *, decision_form=None, evidence_form=None, error="", status=200
):
    overrides, calc_error = _overrides(request)
    calc = suggestions(complaint, **overrides)
    ticked = set(request.GET.getlist("pick"))
    picked = [r for r in calc["remedies"] if r.key in ticked]
    initial = _start_from(picked)
    disputed = reported.disputed(complaint)
    context = {
        "complaint": complaint,
        "sides": _sides(complaint, request.user),
        "calc": calc,
        "calc_error": calc_error,
        "ticked": ticked,
        "flags": FLAGS,
        "deciding": complaint.status in (Status.INTERVENTION, Status.WAITING_EVIDENCE),
        # A disputed refund is settled on its own form; a new decision would owe it twice.
        "can_decide": complaint.status == Status.INTERVENTION and not disputed,
        "can_settle": complaint.status == Status.INTERVENTION and disputed,
        "decision_form": decision_form or DecisionForm(initial=initial),
        "evidence_form": evidence_form or EvidenceRequestForm(),
        "error": error,
        **dispute(complaint, request.user),
    }
    return render(request, "adjudication/intervention.html", context, status=status)


@staff_only
def intervention(request: HttpRequest, number: str) -> HttpResponse:
    return _intervention(request, complaint_or_404(request.user, number))


@staff_only
@require_POST
def decide(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _intervention(request, complaint, decision_form=form, status=422)
    data = form.cleaned_data
    ruling = decisions.Ruling(
        outcome=data["outcome"],
        grounds=data["grounds"],
        refund_fen=data["refund"] or 0,
        return_required=data["return_required"],
        shipping_paid_by=data["shipping_paid_by"],
        compensation_fen=data["compensation"] or 0,
        compensation_basis=data["compensation_basis"],
        penalty=data["penalty"],
        penalty_fen=data["penalty_amount"] or 0,
        loss_fen=data["loss"] or 0,
    )
    try:
        decisions.decide(complaint, request.user, ruling, channel=Channel.DESK)
    except ValidationFailed as failure:
        for field, text in failure.errors.items():
            name = FORM_FIELD.get(field, field)
            form.add_error(name if name in form.fields else None, text)
        return _intervention(request, complaint, decision_form=form, status=422)
    except ComplaintError as failure:
        return _intervention(request, complaint, error=failure.text(), status=failure.status)
    messages.success(request, _("Decision recorded; both parties are notified."))
    return redirect("adjudication:intervention", number=complaint.number)


@staff_only
@require_POST
def request_evidence(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = EvidenceRequestForm(request.POST)
    if not form.is_valid():
        return _intervention(request, complaint, evidence_form=form, status=422)
    try:
        decisions.request_evidence(
            complaint, request.user, form.cleaned_data["party"], form.cleaned_data["note"]
        )
    except ComplaintError as failure:
        return _intervention(request, complaint, error=failure.text(), status=failure.status)
    messages.success(request, _("Evidence requested; the deadline runs on the evidence clock."))
    return redirect("adjudication:intervention", number=complaint.number)


@staff_only
@require_POST
def settle_refund(request: HttpRequest, number: str) -> HttpResponse:
    """Customer service settles a refund the consumer says has not arrived."""
    complaint = complaint_or_404(request.user, number)
    paid = request.POST.get("paid")
    try:
        if paid not in ("yes", "no"):
            raise ValidationFailed({"paid": _("Say whether the refund was paid.")})
        reported.settle(
            complaint,
            request.user,
            paid=paid == "yes",
            note=request.POST.get("note", ""),
            channel=Channel.DESK,
        )
    except ComplaintError as failure:
        text = (
            " ".join(failure.errors.values())
            if isinstance(failure, ValidationFailed)
            else failure.text()
        )
        return _intervention(request, complaint, error=text, status=failure.status)
    messages.success(
        request,
        _("Settled: the refund is paid.")
        if paid == "yes"
        else _("Settled: the merchant owes the refund again and must report it anew."),
    )
    return redirect("adjudication:intervention", number=complaint.number)


# --- Consumer steps (portal page) --------------------------------------------------------


def _portal(complaint, anchor="dispute"):
    return redirect(reverse("portal:complaint", args=[complaint.number]) + f"#{anchor}")


def _refused(request, complaint, error: ComplaintError):
    messages.error(
        request,
        " ".join(error.errors.values()) if isinstance(error, ValidationFailed) else error.text(),
    )
    return _portal(complaint)


@consumer_only
@require_POST
def answer_offer(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    choice = request.POST.get("choice")
    try:
        if choice == "accept":
            negotiation.accept_offer(complaint, request.user, channel=Channel.WEB)
            messages.success(request, _("Accepted. We will carry it out and keep you informed."))
        else:
            negotiation.reject_offer(
                complaint,
                request.user,
                request.POST.get("reason", ""),
                ask_platform=choice == "intervene",
                channel=Channel.WEB,
            )
            messages.success(
                request,
                _("Platform customer service will now review both sides.")
                if choice == "intervene"
                else _("Your answer was sent to the merchant."),
            )
    except ComplaintError as error:
        return _refused(request, complaint, error)
    return _portal(complaint)


@consumer_only
@require_POST
def ship_return(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed({f: " ".join(e) for f, e in form.errors.items()})
        fulfilment.ship_return(
            complaint,
            request.user,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
            channel=Channel.WEB,
        )
    except ComplaintError as error:
        return _refused(request, complaint, error)
    messages.success(
        request, _("Tracking number sent. The refund goes out once the merchant has the goods.")
    )
    return _portal(complaint)


@consumer_only
@require_POST
def answer_refund(request: HttpRequest, number: str) -> HttpResponse:
    """The consumer answers a refund the merchant reports paid: arrived, or not."""
    complaint = complaint_or_404(request.user, number)
    choice = request.POST.get("choice")
    try:
        if choice == "received":
            reported.confirm_received(complaint, request.user, channel=Channel.WEB)
            messages.success(request, _("Thank you: the refund is recorded as received."))
        elif choice == "not_received":
            reported.dispute(complaint, request.user, request.POST.get("reason", ""))
            messages.success(
                request, _("Customer service will check the refund with the merchant.")
            )
        else:
            raise ValidationFailed({"choice": _("Please choose a valid option.")})
    except ComplaintError as error:
        return _refused(request, complaint, error)
    return _portal(complaint)


@consumer_only
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = FeedbackForm(request.POST)
    try:
        if not form.is_valid():
            missing = [str(form.fields[name].label) for name in form.errors if name in STARRED]
            raise ValidationFailed(
                {
                    "stars": _("Please choose stars for: %(missing)s.")
                    % {"missing": _(", ").join(missing)}
                }
                if missing
                else {f: " ".join(e) for f, e in form.errors.items()}
            )
        given = feedback.give(complaint, request.user, channel=Channel.WEB, **form.cleaned_data)
    except ComplaintError as error:
        return _refused(request, complaint, error)
    messages.success(
        request,
        _("Thank you for your rating.")
        if given.accepted
        else _("Recorded: you do not accept the outcome. Your options are shown below."),
    )
    return _portal(complaint)
