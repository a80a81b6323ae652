"""Filing: the complaint form (with or without an order) and the 客服 service page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tousu.complaints import access, duplicates, filing
from tousu.complaints.choices import (
    REFUND_DEMANDS,
    SERVICE_CATEGORIES,
    Category,
    Channel,
    Demand,
    Kind,
)
from tousu.complaints.errors import (
    EvidenceRejected,
    FilingLimitReached,
    IdempotencyConflict,
    OrderNotFound,
    ValidationFailed,
)
from tousu.complaints.guards import consumer_only, order_or_404
from tousu.complaints.templatetags.money import fen_to_yuan
from tousu.orders.models import Order
from tousu.portal.forms import ComplaintForm
from tousu.portal.views.entitlement import entitlement_context


def _initial(order: Order | None, kind: str, category: str, items: list) -> dict:
    if order is None:
        return {
            "kind": Kind.COMPLAINT,
            "category": category if category in SERVICE_CATEGORIES else Category.SERVICE,
            "demand": Demand.APOLOGY,
            "token": uuid.uuid4(),
        }
    kind = kind if kind in Kind.values else Kind.AFTER_SALES
    demand = Demand.RETURN_REFUND if kind == Kind.AFTER_SALES else Demand.REFUND_ONLY
    return {
        "kind": kind,
        "category": category if category in Category.values else Category.QUALITY,
        "demand": demand,
        # Prefilled with what was paid because the preselected demand is a refund.
        "amount": fen_to_yuan(order.amount_paid_fen) if demand in REFUND_DEMANDS else "",
        # An order of one line: that line is what the complaint is about.
        "lines": [str(items[0].pk)] if len(items) == 1 else [],
        "token": uuid.uuid4(),
    }


def _file(
    request: HttpRequest, form: ComplaintForm, order: Order | None
) -> HttpResponse | FilingLimitReached | None:
    """Call the action; on success the redirect, on refusal ``None`` with errors on ``form``,
    or the filing limit's refusal (the form keeps what was typed, without errors on it)."""
    draft = form.draft(order.number if order else "")
    token = form.cleaned_data.get("token")
    key = str(token) if token else ""
    uploads = form.cleaned_data.get("evidence") or []
    try:
        try:
            complaint, created = filing.file_complaint(
                request.user, draft, channel=Channel.WEB, idempotency_key=key, uploads=uploads
            )
        except IdempotencyConflict:
            # A double click racing the first request: once it has committed, the
            # retry finds its complaint. A real conflict (same form, other content)
            # raises again and is shown below.
            for upload in uploads:
                upload.seek(0)
            complaint, created = filing.file_complaint(
                request.user, draft, channel=Channel.WEB, idempotency_key=key, uploads=uploads
            )
    except FilingLimitReached as error:
        return error
    except ValidationFailed as error:
        form.add_action_errors(error.errors)
    except (EvidenceRejected, OrderNotFound) as error:
        form.add_error("evidence" if isinstance(error, EvidenceRejected) else None, error.text())
    except IdempotencyConflict:
        form.add_error(
            None,
            _("This form was already sent with different content. Please check and send it again."),
        )
        form.data = form.data.copy()
        form.data["token"] = str(uuid.uuid4())
    else:
        if created:
            messages.success(
                request,
                _("Your complaint %(number)s has been filed.") % {"number": complaint.number},
            )
        return redirect("portal:complaint", number=complaint.number)
    return None


def _duplicate(request: HttpRequest, order: Order | None, lines, key: str = "") -> dict:
    """The consumer's open complaint that already covers these lines, and the warning."""
    item_ids = [int(pk) for pk in lines]
    found = duplicates.open_for_lines(request.user, order, item_ids, idempotency_key=key)
    if found is None or order is None:
        return {}
    return {"complaint": found, "text": duplicates.warning(found, order, item_ids)}


def _form_page(request: HttpRequest, order: Order | None) -> HttpResponse:
    items = list(order.items.all()) if order else []
    duplicate: dict = {}
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, with_order=order is not None, items=items)
        limited = None
        status = 422
        if form.is_valid():
            token = form.cleaned_data.get("token")
            lines = [pk for pk, _quantity in form.chosen_lines()]
            duplicate = _duplicate(request, order, lines, str(token) if token else "")
            if duplicate and not form.cleaned_data["confirm_new"]:
                status = 409  # nothing filed: add to the open one, or tick and send again
            else:
                response = _file(request, form, order)
                if isinstance(response, FilingLimitReached):
                    limited, status = response, 429
                elif response is not None:
                    return response
        chosen = request.POST
    else:
        initial = _initial(
            order, request.GET.get("kind", ""), request.GET.get("category", ""), items
        )
        form = ComplaintForm(initial=initial, with_order=order is not None, items=items)
        status = 200
        chosen = {"lines": initial.get("lines", [])}
        limited = None
        duplicate = _duplicate(request, order, chosen["lines"])
    context = {
        "form": form,
        "order": order,
        "items": items,
        "limited": limited,
        "duplicate": duplicate,
    }
    if order is not None:
        context.update(entitlement_context(order, form["category"].value() or "", chosen))
    return render(request, "portal/complaint_form.html", context, status=status)


@consumer_only
def file_for_order(request: HttpRequest, number: str) -> HttpResponse:
    return _form_page(request, order_or_404(request.user, number))


@consumer_only
def file_without_order(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@consumer_only
def service(request: HttpRequest) -> HttpResponse:
    """我的 → 客服: complain or ask for after-sales, starting from a recent order."""
    recent = (
        access.orders_for(request.user)
        .select_related("merchant")
        .prefetch_related("items")
        .order_by("-paid_at")[:5]
    )
    open_count = access.complaints_for(request.user).filter(closed_at__isnull=True).count()
    return render(request, "portal/service.html", {"recent": recent, "open_count": open_count})
