"""The escalation guide page: external options, the drafted 12315 complaint, recording an escalation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tousu.complaints import access
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.complaints.guards import complaint_or_404, consumer_only
from tousu.escalation import actions, guide
from tousu.escalation.forms import AddressForm, RecordForm
from tousu.pdf import render as render_pdf


def _render(request, complaint, *, address_form=None, record_form=None, address="", status=200):
    return render(
        request,
        "escalation/guide.html",
        {
            "complaint": complaint,
            "reason": guide.reason(complaint),
            "hotline": guide.hotline(complaint),
            "acceptance_days": settings.TOUSU_12315_ACCEPTANCE_WORKING_DAYS,
            "online_12315": guide.ONLINE_12315,
            "black_cat": guide.BLACK_CAT,
            "draft": guide.draft(complaint, request.user, address),
            "address_known": bool(address),
            "address_form": address_form or AddressForm(initial={"address": address}),
            "record_form": record_form or RecordForm(complaint=complaint),
            "recorded": guide.recorded(complaint),
        },
        status=status,
    )


@consumer_only
def escalation_guide(request: HttpRequest, number: str) -> HttpResponse:
    """GET: the guide. POST with an address: the draft with it filled in (the address is not stored)."""
    complaint = complaint_or_404(request.user, number)
    if request.method == "POST":
        form = AddressForm(request.POST)
        address = form.cleaned_data["address"] if form.is_valid() else ""
        return _render(
            request, complaint, address_form=form, address=address, status=200 if address else 422
        )
    return _render(request, complaint)


@consumer_only
def record(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    if request.method != "POST":
        return redirect("escalation:guide", number)
    form = RecordForm(request.POST, complaint=complaint)
    if form.is_valid():
        try:
            actions.record_escalation(
                complaint, request.user, channel=Channel.WEB, **form.cleaned_data
            )
            return redirect("escalation:guide", number)
        except ValidationFailed as exc:
            for field, message in exc.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ComplaintError as exc:
            form.add_error(None, str(exc))
    return _render(request, complaint, record_form=form, status=422)


@login_required
def draft_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The drafted 12315 complaint as a PDF, for the consumer who filed it; 404 for anyone else.

    GET: without an address; POST (the guide's form once the address is known): with it, not stored.
    """
    complaint = complaint_or_404(request.user, number)
    if not access.is_consumer_of(request.user, complaint):
        raise Http404()
    address = ""
    if request.method == "POST":
        form = AddressForm(request.POST)
        address = form.cleaned_data["address"] if form.is_valid() else ""
    headings = {_("Complainant"), _("Respondent"), _("Facts of the dispute"), _("List of evidence")}
    blocks = [
        ("heading" if line in headings else "text", line)
        for line in guide.draft(complaint, request.user, address).split("\n")
    ]
    title = _("Complaint to 12315, drafted from complaint %(number)s") % {
        "number": complaint.number
    }
    response = HttpResponse(render_pdf(title, blocks), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{complaint.number}-12315.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
