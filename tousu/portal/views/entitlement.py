"""“What you may be entitled to”: the remedy calculator beside the complaint form."""

from __future__ import annotations

from types import SimpleNamespace

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from tousu.adjudication.context import suggestions
from tousu.complaints.choices import Category
from tousu.complaints.guards import consumer_only, order_or_404
from tousu.orders.models import Order


def chosen_rows(order: Order, data: QueryDict | dict) -> list[SimpleNamespace]:
    """The lines ticked on the form (``lines`` + ``qty_<id>``) as calculator rows; a line
    that is not in this order or a quantity outside what was ordered is left out (the
    action reports it when the form is sent)."""
    ticked = data.getlist("lines") if isinstance(data, QueryDict) else data.get("lines", [])
    rows = []
    for item in order.items.all():
        if str(item.pk) not in ticked:
            continue
        raw = str(data.get(f"qty_{item.pk}") or item.quantity).strip()
        quantity = int(raw) if raw.isdigit() else 0
        if 1 <= quantity <= item.quantity:
            rows.append(
                SimpleNamespace(
                    category=item.category,
                    unit_price_fen=item.unit_price_fen,
                    quantity=quantity,
                    product_kind=item.product_kind,
                    product_name=item.product_name,
                    order_item_id=item.pk,
                )
            )
    return rows


def entitlement_context(order: Order, category: str, data: QueryDict | dict) -> dict:
    """The remedies the law gives for the chosen lines of this order (none chosen: the whole
    order) if the problem is of ``category``.

    The category is the consumer's own description, so the flags it implies (a quality
    problem: a defect; counterfeit: fraud; food safety: unsafe food) are a first guess;
    platform customer service checks the facts before deciding.
    """
    category = category if category in Category.values else Category.QUALITY
    complaint = SimpleNamespace(order_snapshot=order.snapshot(), category=category)
    return {"entitlement": suggestions(complaint, lines=chosen_rows(order, data)), "order": order}


@consumer_only
def entitlement(request: HttpRequest, number: str) -> HttpResponse:
    """The partial the form re-renders (htmx) when the consumer changes the category or the items."""
    order = order_or_404(request.user, number)
    return render(
        request,
        "portal/_entitlement.html",
        entitlement_context(order, request.GET.get("category", ""), request.GET),
    )
