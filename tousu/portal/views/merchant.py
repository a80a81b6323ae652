"""A small merchant view: complaints against the shop and one complaint's page.

The full merchant center comes later; this shows what the merchant must know to
respond and nothing more (no internal notes, the consumer's phone masked).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.complaints import access
from tousu.portal.guards import complaint_or_404, merchant_only
from tousu.portal.views.detail import detail_context
from tousu.portal.views.paging import page_of


@merchant_only
def merchant_complaints(request: HttpRequest) -> HttpResponse:
    complaints = (
        access.complaints_for(request.user).select_related("merchant", "consumer").order_by("-created_at", "-id")
    )
    return render(request, "portal/merchant_complaints.html", {"page": page_of(request, complaints)})


@merchant_only
def merchant_complaint(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    return render(request, "portal/merchant_complaint.html", detail_context(request, complaint))
