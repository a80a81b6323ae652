"""A small merchant view: complaints against the shop and one complaint's page.

The full merchant center comes later; this shows what the merchant must know to
respond and nothing more (no internal notes, the consumer's phone masked).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tousu.accounts.models import Role
from tousu.complaints import access, workflow
from tousu.portal.guards import complaint_or_404, merchant_only
from tousu.portal.views.detail import detail_context
from tousu.portal.views.paging import page_of

# Statuses in which the merchant has a step to take (read from the state machine).
MERCHANT_TURN = frozenset(s for s in workflow.Status if workflow.available(s, Role.MERCHANT))
SHOW = {
    "open": (_("Open"), workflow.OPEN),
    "todo": (_("Your turn"), MERCHANT_TURN),
    "all": (_("All"), None),
}


@merchant_only
def merchant_complaints(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in SHOW:
        show = "open"
    complaints = access.complaints_for(request.user).select_related("merchant", "consumer")
    statuses = SHOW[show][1]
    if statuses is not None:
        complaints = complaints.filter(status__in=statuses)
    page = page_of(request, complaints.order_by("-created_at", "-id"))
    tabs = [(key, label) for key, (label, _statuses) in SHOW.items()]
    return render(request, "portal/merchant_complaints.html", {"page": page, "show": show, "tabs": tabs})


@merchant_only
def merchant_complaint(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    return render(request, "portal/merchant_complaint.html", detail_context(request, complaint))
