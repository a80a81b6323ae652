"""The phone desk (agents) and the consumer's callback request. Views parse, call actions, render.

Desk pages are for platform staff only (everyone else: 404). Phone numbers are shown
masked; the full number of a callback is revealed on request, and the reveal is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.accounts import identity, phones
from tousu.accounts.actions import reveal_phone
from tousu.accounts.models import User
from tousu.channels.phone import actions as phone_actions
from tousu.channels.phone import callbacks, calls, hotlines
from tousu.channels.phone.forms import (
    AddToComplaintForm,
    AttemptForm,
    CallbackForm,
    FileForCallerForm,
    LookupForm,
    NewAccountForm,
)
from tousu.channels.phone.models import Audience, Call, Callback, CallbackState
from tousu.complaints import access, duplicates, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.complaints.guards import filer_only, staff_only
from tousu.complaints.models import OPEN_Q, Complaint
from tousu.cursors import parse_key
from tousu.orders.models import Order

RECENT_CALLS = 20


LIST_SIZE = 20


def _call_or_404(call_id: str) -> Call:
    return get_object_or_404(
        Call.objects.select_related("hotline", "consumer", "complaint", "agent"), call_id=call_id
    )


@staff_only
def desk_home(request: HttpRequest) -> HttpResponse:
    """Incoming calls (from the webhook) and a form to type one in."""
    form = LookupForm(request.POST or None, initial={"line": hotlines.consumer_line()})
    if request.method == "POST" and form.is_valid():
        call = calls.start_typed(
            request.user, form.cleaned_data["number"], form.cleaned_data["line"]
        )
        return redirect("phone:call", call_id=call.call_id)
    recent = (
        Call.objects.select_related("hotline", "consumer", "complaint", "agent")
        .prefetch_related("recordings")
        .order_by("-started_at")[:RECENT_CALLS]
    )
    now = timezone.now()
    return render(
        request,
        "phone/desk_home.html",
        {
            "form": form,
            "recent": recent,
            "lines": hotlines.lines(now),
            "callbacks_due": Callback.objects.filter(state=CallbackState.PENDING).count(),
            "callbacks_overdue": Callback.objects.filter(
                state=CallbackState.PENDING, due_at__lte=now
            ).count(),
        },
        status=422 if form.errors else 200,
    )


def _call_context(request: HttpRequest, call: Call, **forms) -> dict:
    consumer = call.consumer
    candidates = [] if consumer else list(identity.consumers_with_phone(call.caller)[:10])
    merchant_line = call.hotline is not None and call.hotline.audience == Audience.MERCHANT
    context = {
        "call": call,
        "recordings": list(call.recordings.select_related("evidence")),
        "masked": phones.mask(call.caller),
        "consumer": consumer,
        "candidates": candidates,
        "merchant_line": merchant_line,
    }
    if merchant_line:
        shops = list(identity.merchants_for_phone(call.caller)[:5])
        context["shops"] = shops
        context["shop_complaints"] = (
            list(
                Complaint.objects.filter(OPEN_Q, merchant__in=shops)
                .select_related("merchant", "consumer")
                .order_by("-updated_at")[:LIST_SIZE]
            )
            if shops
            else []
        )
    if consumer is not None:
        orders = list(
            Order.objects.filter(consumer=consumer)
            .select_related("merchant")
            .prefetch_related("items")
            .order_by("-paid_at")[:10]
        )
        complaints = list(
            access.complaints_for(request.user)
            .filter(consumer=consumer)
            .select_related("merchant")
            .order_by("-updated_at")[:LIST_SIZE]
        )
        context.update(
            orders=orders,
            complaints=complaints,
            channels=identity.channels_of(consumer),
            pending_callbacks=list(
                consumer.callbacks.filter(state=CallbackState.PENDING).select_related("hotline")
            ),
            file_form=forms.get("file_form") or FileForCallerForm(orders=orders),
            add_form=forms.get("add_form")
            or AddToComplaintForm(
                complaints=complaints,
                initial={"complaint": call.complaint.number if call.complaint_id else ""},
            ),
            callback_form=forms.get("callback_form") or CallbackForm(complaints=complaints),
        )
    elif not merchant_line:
        context["account_form"] = NewAccountForm()
    context["error"] = forms.get("error")
    return context


@staff_only
def call_page(request: HttpRequest, call_id: str) -> HttpResponse:
    """The caller card: who is calling, their orders and complaints, and what the agent can do."""
    call = _call_or_404(call_id)
    return render(request, "phone/call.html", _call_context(request, call))


def _again(request: HttpRequest, call: Call, status: int = 422, **forms) -> HttpResponse:
    return render(request, "phone/call.html", _call_context(request, call, **forms), status=status)


@staff_only
@require_POST
def pick_consumer(request: HttpRequest, call_id: str) -> HttpResponse:
    call = _call_or_404(call_id)
    consumer = (
        identity.consumers_with_phone(call.caller)
        .filter(pk=parse_key(request.POST.get("consumer") or "") or 0)
        .first()
    )
    if consumer is None:
        raise Http404()
    phone_actions.pick_consumer(call, request.user, consumer)
    return redirect("phone:call", call_id=call.call_id)


@staff_only
@require_POST
def new_account(request: HttpRequest, call_id: str) -> HttpResponse:
    call = _call_or_404(call_id)
    form = NewAccountForm(request.POST)
    if not form.is_valid():
        return _again(request, call, error=_("No account can be made for this number."))
    try:
        phone_actions.account_for_caller(call, request.user, form.cleaned_data["display_name"])
    except ComplaintError:
        return _again(request, call, error=_("No account can be made for this number."))
    messages.success(request, _("Account created for the caller."))
    return redirect("phone:call", call_id=call.call_id)


def _consumer_of(call: Call) -> User:
    if call.consumer is None:
        raise Http404()
    return call.consumer


@staff_only
@require_POST
def file_for_caller(request: HttpRequest, call_id: str) -> HttpResponse:
    """File a complaint on the caller's behalf: channel phone, the call notes on its timeline."""
    call = _call_or_404(call_id)
    consumer = _consumer_of(call)
    orders = list(
        Order.objects.filter(consumer=consumer).select_related("merchant").order_by("-paid_at")[:10]
    )
    form = FileForCallerForm(request.POST, orders=orders)
    if not form.is_valid():
        return _again(request, call, file_form=form)
    data = form.cleaned_data
    order = next((o for o in orders if o.number == data["order"]), None)
    key = phone_actions.filing_key(call)
    found = duplicates.open_for_lines(consumer, order, [], idempotency_key=key)
    if found is not None and order is not None and not request.POST.get("confirm_new"):
        form.warn_duplicate(duplicates.warning(found, order, []))
        return _again(request, call, file_form=form)
    amount = int(data["amount"] * 100) if data["amount"] is not None else None
    draft = filing.Draft(
        kind=data["kind"],
        category=data["category"],
        demand=data["demand"],
        description=data["description"],
        order_number=data["order"],
        amount_fen=amount,
    )
    try:
        complaint = phone_actions.file_for_caller(call, request.user, draft, data["notes"])
    except ValidationFailed as error:
        for field, text in error.errors.items():
            form.add_error(field if field in form.fields else None, text)
        return _again(request, call, file_form=form)
    except ComplaintError as error:
        form.add_error(None, error.text())
        return _again(request, call, file_form=form)
    messages.success(
        request, _("Complaint %(number)s filed for the caller.") % {"number": complaint.number}
    )
    return redirect("desk:detail", number=complaint.number)


@staff_only
@require_POST
def add_to_complaint(request: HttpRequest, call_id: str) -> HttpResponse:
    """Add what the caller says to one of their complaints (reopens a closed one, or starts a linked one)."""
    call = _call_or_404(call_id)
    consumer = _consumer_of(call)
    complaints = list(
        Complaint.objects.filter(consumer=consumer).order_by("-updated_at")[:LIST_SIZE]
    )
    form = AddToComplaintForm(request.POST, complaints=complaints)
    if not form.is_valid():
        return _again(request, call, add_form=form)
    complaint = next(c for c in complaints if c.number == form.cleaned_data["complaint"])
    try:
        result = phone_actions.add_to_complaint(
            call, request.user, complaint, form.cleaned_data["message"], form.cleaned_data["notes"]
        )
    except ComplaintError as error:
        form.add_error(None, error.text())
        return _again(request, call, add_form=form)
    done = {
        "message": _("Added to complaint %(number)s."),
        "reopened": _("Complaint %(number)s was reopened."),
        "new": _(
            "The old complaint can no longer be reopened: new complaint %(number)s follows it."
        ),
    }[result.outcome]
    messages.success(request, done % {"number": result.complaint.number})
    return redirect("desk:detail", number=result.complaint.number)


@staff_only
@require_POST
def callback_for_caller(request: HttpRequest, call_id: str) -> HttpResponse:
    call = _call_or_404(call_id)
    consumer = _consumer_of(call)
    complaints = list(
        Complaint.objects.filter(consumer=consumer).order_by("-updated_at")[:LIST_SIZE]
    )
    form = CallbackForm(request.POST, complaints=complaints)
    if not form.is_valid():
        return _again(request, call, callback_form=form)
    complaint = next((c for c in complaints if c.number == form.cleaned_data["complaint"]), None)
    line = call.hotline if call.hotline and call.hotline.audience == Audience.CONSUMER else None
    try:
        callback, asked = callbacks.request_callback(
            consumer,
            by=request.user,
            channel=Channel.PHONE,
            hotline=line,
            complaint=complaint,
            reason=form.cleaned_data["reason"],
        )
    except ComplaintError as error:
        form.add_error(None, error.text())
        return _again(request, call, callback_form=form)
    messages.success(request, callbacks.asked_message(callback, asked, staff=True))
    return redirect("phone:call", call_id=call.call_id)


# --- callbacks --------------------------------------------------------------------------


@staff_only
def callback_queue(request: HttpRequest) -> HttpResponse:
    rows = list(callbacks.queue()[:200])
    return render(
        request,
        "phone/callbacks.html",
        {"rows": rows, "now": timezone.now(), "due": callbacks.due_rule()},
    )


def _callback_or_404(pk: int) -> Callback:
    return get_object_or_404(
        Callback.objects.select_related("consumer", "hotline", "complaint", "requested_by"), pk=pk
    )


@staff_only
def callback_page(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _callback_or_404(pk)
    form = AttemptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                callbacks.record_attempt(
                    callback,
                    request.user,
                    form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                )
            except ComplaintError as error:
                form.add_error(None, error.text())
            else:
                messages.success(request, _("Attempt recorded."))
                return redirect("phone:callback", pk=callback.pk)
        status = 422
    return render(
        request,
        "phone/callback.html",
        {
            "callback": callback,
            "form": form,
            "attempts": list(callback.attempt_log.select_related("agent")),
            "masked": phones.mask(callback.phone),
            "now": timezone.now(),
        },
        status=status,
    )


@staff_only
@require_POST
def callback_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The number to dial, for the agent who calls back; logged with the callback's complaint."""
    callback = _callback_or_404(pk)
    full = reveal_phone(
        request.user,
        callback.consumer,
        complaint=callback.complaint,
        reason=f"callback {callback.pk}",
        where="callback",
    )
    if request.htmx:
        return render(request, "phone/_number.html", {"full": full, "e164": callback.phone})
    return render(
        request,
        "phone/callback.html",
        {
            "callback": callback,
            "form": AttemptForm(),
            "attempts": list(callback.attempt_log.select_related("agent")),
            "masked": phones.mask(callback.phone),
            "full": full,
            "now": timezone.now(),
        },
    )


# --- consumer ---------------------------------------------------------------------------


@filer_only
@require_POST
def request_callback(request: HttpRequest) -> HttpResponse:
    """The portal's 客服 page: call me back."""
    complaints = list(access.complaints_for(request.user).order_by("-updated_at")[:10])
    form = CallbackForm(request.POST, complaints=complaints)
    if form.is_valid():
        complaint = next(
            (c for c in complaints if c.number == form.cleaned_data["complaint"]), None
        )
        try:
            callback, asked = callbacks.request_callback(
                request.user,
                by=request.user,
                channel=Channel.WEB,
                complaint=complaint,
                reason=form.cleaned_data["reason"],
            )
        except ComplaintError as error:
            messages.error(request, error.text())
        else:
            messages.success(request, callbacks.asked_message(callback, asked))
    return redirect(reverse_service() + "#hotlines")


def reverse_service() -> str:
    return reverse("portal:service")
