"""“What you may be entitled to”: the remedy calculator beside the complaint form."""

from __future__ import annotations

from types import SimpleNamespace

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.adjudication.context import suggestions
from tousu.complaints.choices import Category
from tousu.orders.models import Order
from tousu.portal.guards import consumer_only, order_or_404


def entitlement_context(order: Order, category: str) -> dict:
    """The remedies the law gives for this order if the problem is of ``category``.

    The category is the consumer's own description, so the flags it implies (a quality
    problem: a defect; counterfeit: fraud; food safety: unsafe food) are a first guess;
    platform customer service checks the facts before deciding.
    """
    category = category if category in Category.values else Category.QUALITY
    return {"entitlement": suggestions(SimpleNamespace(order_snapshot=order.snapshot(), category=category)),
            "order": order}


@consumer_only
def entitlement(request: HttpRequest, number: str) -> HttpResponse:
    """The partial the form re-renders (htmx) when the consumer changes the category."""
    order = order_or_404(request.user, number)
    return render(request, "portal/_entitlement.html", entitlement_context(order, request.GET.get("category", "")))
