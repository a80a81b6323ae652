"""The merchant center: complaints against my shops, deadlines first; answering with a
structured offer and evidence; returns; the platform's decision; the scorecard.

Merchant staff only (others are sent to their front page); a complaint of another shop
is a 404 (tousu.complaints.access). The consumer appears by name and masked phone only.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db.models import Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tousu import keyset
from tousu.accounts.models import Role
from tousu.adjudication import fulfilment, negotiation, reported
from tousu.adjudication.context import dispute
from tousu.analytics import store as analytics_store
from tousu.complaints import access, workflow
from tousu.complaints.choices import Channel, Party
from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.complaints.guards import complaint_or_404, merchant_only, supervisor_only
from tousu.merchant_center import scorecard
from tousu.merchant_center.forms import ReportRefundForm, RespondForm
from tousu.merchants.models import Merchant
from tousu.portal.views.detail import detail_context
from tousu.portal.views.paging import page_of
from tousu.sla import turns
from tousu.sla.models import Clock, DeadlineState

# Statuses in which the merchant has a step to take (read from the state machine) or must
# act against a clock (tousu.sla.turns: answer, carry out, confirm returned goods).
MERCHANT_TURN = frozenset(
    s for s in workflow.Status if workflow.available(s, Role.MERCHANT)
) | frozenset(s for s in turns.WHO_ACTS if Party.MERCHANT in turns.parties(s, "merchant"))
# Clocks that time the merchant alone; the evidence clock counts when the request asked the merchant.
MERCHANT_CLOCKS = turns.clocks_of(Party.MERCHANT)
ASKED_MERCHANT = ("merchant", "both")
SHOW = {
    "todo": (gettext_lazy("Your turn"), MERCHANT_TURN - {workflow.Status.WAITING_EVIDENCE}),
    "open": (gettext_lazy("Open"), workflow.OPEN),
    "all": (gettext_lazy("All"), None),
}


# The earliest running deadline first (none: last), then the newest (tousu.keyset).
DEADLINE_FIRST = keyset.Sort(
    "deadline",
    "deadline first",
    (
        keyset.Key("next_due", descending=False, moment=True, nulls="last"),
        keyset.Key("created_at", moment=True),
        keyset.Key("id"),
    ),
)


def with_next_deadline(complaints):
    """Annotate each complaint with the party its evidence request asked (``evidence_asked``)
    and its earliest running merchant deadline (``next_due``, tousu.sla), in the list's one query."""
    running = Q(deadlines__ended_at__isnull=True, deadlines__state=DeadlineState.ACTIVE)
    return turns.with_evidence_asked(complaints).annotate(
        next_due=Min(
            "deadlines__due_at",
            filter=running
            & (
                Q(deadlines__clock__in=MERCHANT_CLOCKS)
                | Q(
                    deadlines__clock=Clock.EVIDENCE,
                    status=workflow.Status.WAITING_EVIDENCE,
                    evidence_asked__in=ASKED_MERCHANT,
                )
            ),
        )
    )


@merchant_only
def complaints(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "todo")
    show = show if show in SHOW else "todo"
    rows = access.complaints_for(request.user).select_related("merchant", "consumer")
    rows = with_next_deadline(rows)
    statuses = SHOW[show][1]
    if show == "todo":  # an evidence request counts when it asked the merchant
        rows = rows.filter(
            Q(status__in=statuses)
            | Q(status=workflow.Status.WAITING_EVIDENCE, evidence_asked__in=ASKED_MERCHANT)
        )
    elif statuses is not None:
        rows = rows.filter(status__in=statuses)
    page, bad = page_of(request, rows, DEADLINE_FIRST)
    turns.word_rows(page.rows, Party.MERCHANT)
    turns.turn_rows(page.rows, Party.MERCHANT)  # who must act when it is not the merchant
    return render(
        request,
        "merchant_center/complaints.html",
        {
            "page": page,
            "bad_cursor": bad,
            "show": show,
            "tabs": [(key, label) for key, (label, _s) in SHOW.items()],
        },
        status=400 if bad else 200,
    )


def _page(request, complaint, *, form=None, status=200):
    context = detail_context(request, complaint)
    context.update(
        dispute=dispute(complaint, request.user),
        respond_form=form or RespondForm(),
        message_max_chars=settings.TOUSU_MESSAGE_MAX_CHARS,
        can_respond=complaint.status == workflow.Status.WAITING_MERCHANT,
        pause_note=turns.pause_note(complaint, Party.MERCHANT),
        deadlines=turns.running_deadlines(complaint, Party.MERCHANT),
    )
    return render(request, "merchant_center/complaint.html", context, status=status)


@merchant_only
def complaint(request: HttpRequest, number: str) -> HttpResponse:
    return _page(request, complaint_or_404(request.user, number))


def _back(complaint, anchor=""):
    return (
        redirect("merchant_center:complaint", number=complaint.number)
        if not anchor
        else redirect(f"/merchant/center/c/{complaint.number}/#{anchor}")
    )


@merchant_only
@require_POST
def respond(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    form = RespondForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, complaint, form=form, status=422)
    data = form.cleaned_data
    try:
        negotiation.respond(
            complaint,
            request.user,
            negotiation.Reply(
                data["answer"],
                remedy=data["remedy"],
                amount_fen=data["amount"] or None,
                reason=data["reason"],
            ),
            uploads=request.FILES.getlist("files"),
            channel=Channel.WEB,
        )
    except ValidationFailed as failure:
        for field, text in failure.errors.items():
            name = {"amount": "amount"}.get(field, field)
            form.add_error(name if name in form.fields else None, text)
        return _page(request, complaint, form=form, status=422)
    except ComplaintError as failure:
        form.add_error(None, failure.text())
        return _page(request, complaint, form=form, status=failure.status)
    messages.success(request, _("Your answer was sent to the consumer."))
    return _back(complaint)


def _act(request: HttpRequest, number: str, step, done: str, anchor: str = "") -> HttpResponse:
    """Run one merchant step on the complaint; its refusal or success shows at the top of the page."""
    complaint = complaint_or_404(request.user, number)
    try:
        step(complaint)
    except ComplaintError as failure:
        messages.error(
            request,
            " ".join(failure.errors.values())
            if isinstance(failure, ValidationFailed)
            else failure.text(),
        )
        return _back(complaint, anchor)
    messages.success(request, done)
    return _back(complaint)


@merchant_only
@require_POST
def confirm_receipt(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        number,
        lambda c: fulfilment.confirm_receipt(c, request.user, channel=Channel.WEB),
        _("Receipt confirmed; the refund is on its way to the consumer."),
        "return",
    )


@merchant_only
@require_POST
def report_done(request: HttpRequest, number: str) -> HttpResponse:
    report = request.POST.get("report", "")
    return _act(
        request,
        number,
        lambda c: fulfilment.report_done(c, request.user, report, channel=Channel.WEB),
        _("Reported; the consumer is asked to confirm it is solved."),
        "done",
    )


@merchant_only
@require_POST
def report_refund(request: HttpRequest, number: str) -> HttpResponse:
    """The merchant paid the refund outside the platform and reports it (TOUSU_REFUND_MODE)."""
    form = ReportRefundForm(request.POST)
    amount = form.cleaned_data["amount"] if form.is_valid() else None
    reference = request.POST.get("reference", "")

    def step(complaint):
        if amount is None:
            raise ValidationFailed({"amount": " ".join(form.errors.get("amount", []))})
        reported.report_paid(
            complaint, request.user, reference=reference, amount_fen=amount, channel=Channel.WEB
        )

    return _act(
        request,
        number,
        step,
        _("Reported; the consumer is asked to confirm the refund arrived."),
        "refund",
    )


@merchant_only
@require_POST
def return_address(request: HttpRequest, number: str) -> HttpResponse:
    address = request.POST.get("address", "")
    return _act(
        request,
        number,
        lambda c: fulfilment.set_return_address(c, request.user, address, channel=Channel.WEB),
        _("Return address updated; the consumer sees it."),
        "return",
    )


def _scorecard(request: HttpRequest, merchants, template: str) -> HttpResponse:
    start, end, key = scorecard.period(request.GET.get("period", "30d"))
    return render(
        request,
        template,
        {
            "cards": scorecard.cards(merchants, start, end),
            "period": key,
            "periods": list(scorecard.PERIODS),
            "start": start,
            "end": end,
            "last_day": timezone.localdate(end) - timedelta(days=1),
            "as_of": analytics_store.as_of(),
        },
    )


@merchant_only
def my_scorecard(request: HttpRequest) -> HttpResponse:
    return _scorecard(request, request.user.shops.all(), "merchant_center/scorecard.html")


@supervisor_only
def all_scorecards(request: HttpRequest) -> HttpResponse:
    return _scorecard(request, Merchant.objects.all(), "merchant_center/scorecard.html")
