"""Writes on a complaint page: message, evidence, status step.

Shared by the consumer and the merchant page; the action decides what each may do.
Each works as a plain form post (redirect on success, the page with errors on
failure) and, for message and evidence, as an htmx post that swaps only the
activity section.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tousu.complaints import access, actions, filing, uploads, workflow
from tousu.complaints import evidence as evidence_rules
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError, EvidenceRejected, ValidationFailed
from tousu.complaints.guards import complaint_or_404, party_only
from tousu.complaints.models import Complaint
from tousu.portal.forms import EvidenceForm, MessageForm, TransitionForm
from tousu.portal.views.detail import activity_context, detail_context


def _page_url(request: HttpRequest, complaint: Complaint, anchor: str = "") -> str:
    """Back to the page the post came from: the consumer's complaint page or the merchant center."""
    merchant = access.is_merchant_staff(request.user)
    name = "merchant_center:complaint" if merchant else "portal:complaint"
    return reverse(name, kwargs={"number": complaint.number}) + (f"#{anchor}" if anchor else "")


def _failed(
    request: HttpRequest, complaint: Complaint, errors: list[str], status: int = 422, **context
) -> HttpResponse:
    """A refused post without htmx: the consumer's page again with the error in place; merchant
    staff go back to the merchant center page with the error shown at the top."""
    if access.is_merchant_staff(request.user):
        for error in errors:
            messages.error(request, error)
        return redirect(_page_url(request, complaint, "activity"))
    complaint.refresh_from_db()
    return render(
        request,
        "portal/complaint_detail.html",
        detail_context(request, complaint, **context),
        status=status,
    )


def _answer(request: HttpRequest, complaint: Complaint, ok: bool, **forms) -> HttpResponse:
    if request.htmx:
        # htmx swaps 2xx only, so errors come back as 200 with the messages inline.
        return render(
            request, "portal/_activity.html", activity_context(request, complaint, **forms)
        )
    if ok:
        return redirect(_page_url(request, complaint, "activity"))
    errors = [
        str(e)
        for form in forms.values()
        for field_errors in form.errors.values()
        for e in field_errors
    ]
    return _failed(request, complaint, errors, **forms)


@require_POST
@party_only
def post_message(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            if access.is_consumer(request.user) and not complaint.is_open:
                # A closed complaint: reopened within the reopen period, else a new one follows it.
                result = filing.follow_up(
                    complaint, request.user, form.cleaned_data["body"], channel=Channel.WEB
                )
                if result.outcome == "new":
                    messages.success(
                        request,
                        _("Your message started a new complaint, %(number)s, linked to %(old)s.")
                        % {"number": result.complaint.number, "old": complaint.number},
                    )
                url = _page_url(request, result.complaint, "activity")
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
            actions.post_message(
                complaint, request.user, form.cleaned_data["body"], channel=Channel.WEB
            )
        except ValidationFailed as error:
            form.add_error("body", error.errors.get("body") or error.text())
        except ComplaintError as error:
            form.add_error(None, error.text())
        else:
            return _answer(request, complaint, True)
    return _answer(request, complaint, False, message_form=form)


@require_POST
@party_only
def add_evidence(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        added, notices = 0, []
        try:
            for upload in form.cleaned_data["files"]:
                item, created = uploads.add_evidence(
                    complaint,
                    request.user,
                    upload,
                    channel=Channel.WEB,
                    caption=form.cleaned_data["caption"],
                )
                added += created
                if not created:
                    notices.append(evidence_rules.already_uploaded(item))
        except (EvidenceRejected, ComplaintError) as error:
            form.add_error("files", error.text())
            return _answer(request, complaint, False, evidence_form=form)
        if request.htmx:  # "already uploaded" shown in the swapped section
            context = {**activity_context(request, complaint), "notices": notices}
            return render(request, "portal/_activity.html", context)
        if added or not notices:
            messages.success(
                request, ngettext("%(n)s file added.", "%(n)s files added.", added) % {"n": added}
            )
        for notice in notices:
            messages.info(request, notice)
        return _answer(request, complaint, True)
    return _answer(request, complaint, False, evidence_form=form)


@require_POST
@party_only
def act(request: HttpRequest, number: str) -> HttpResponse:
    """A plain step (withdraw, reopen, …); a structured one is refused by the action with a message."""
    complaint = complaint_or_404(request.user, number)
    form = TransitionForm(request.POST)
    name = request.POST.get("name", "")
    note = request.POST.get("note", "")
    if not form.is_valid():
        message = _("This step is not possible for this complaint now.")
    else:
        try:
            actions.transition(complaint, request.user, name, channel=Channel.WEB, note=note)
        except ValidationFailed as error:
            message = error.errors.get("note") or error.text()
        except ComplaintError as error:
            message = error.text()
        else:
            step = workflow.TRANSITIONS[name]
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
            return redirect(_page_url(request, complaint, "activity"))
    return _failed(request, complaint, [message], act_error=(name, note, message))


@require_POST
@party_only
def urge(request: HttpRequest, number: str) -> HttpResponse:
    """催一催: the consumer urges; too early gets a message saying when it is allowed."""
    complaint = complaint_or_404(request.user, number)
    try:
        actions.urge(complaint, request.user, channel=Channel.WEB)
    except ComplaintError as error:
        return _failed(
            request, complaint, [error.text()], status=error.status, urge_error=error.text()
        )
    messages.success(request, _("Urged. Customer service has been told you are waiting."))
    return redirect(_page_url(request, complaint, "urge"))
