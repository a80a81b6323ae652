"""我的订单: the consumer's orders and one order with its complaints."""

from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu import keyset
from tousu.complaints import access
from tousu.complaints.choices import Kind
from tousu.complaints.guards import consumer_only, order_or_404
from tousu.portal.views.paging import page_of


@consumer_only
def my_orders(request: HttpRequest) -> HttpResponse:
    orders = access.orders_for(request.user).select_related("merchant").prefetch_related("items")
    page, bad = page_of(request, orders, keyset.latest("paid_at"))
    # How many complaints each order on the page has: its complaints' order ids, counted
    # here (a page of orders has a handful), so the page runs no COUNT at all.
    counted = Counter(
        access.complaints_for(request.user)
        .filter(order__in=[o.pk for o in page.rows])
        .values_list("order_id", flat=True)
    )
    for order in page.rows:
        order.complaint_count = counted[order.pk]
    return render(
        request,
        "portal/my_orders.html",
        {"page": page, "bad_cursor": bad},
        status=400 if bad else 200,
    )


@consumer_only
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = order_or_404(request.user, number)
    complaints = (
        access.complaints_for(request.user)
        .filter(order=order)
        .select_related("merchant")
        .order_by("-id")
    )
    return render(
        request,
        "portal/order_detail.html",
        {"order": order, "items": order.items.all(), "complaints": complaints, "Kind": Kind},
    )
