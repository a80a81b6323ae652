"""我的订单: the consumer's orders and one order with its complaints."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.complaints import access
from tousu.complaints.choices import Kind
from tousu.complaints.guards import consumer_only, order_or_404
from tousu.portal.views.paging import page_of


@consumer_only
def my_orders(request: HttpRequest) -> HttpResponse:
    orders = (
        access.orders_for(request.user)
        .select_related("merchant")
        .prefetch_related("items")
        .annotate(complaint_count=Count("complaints"))
        .order_by("-paid_at", "-id")
    )
    return render(request, "portal/my_orders.html", {"page": page_of(request, orders)})


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
