"""我的投诉: the consumer's complaints and one complaint's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu import keyset
from tousu.complaints import access
from tousu.complaints.choices import Party
from tousu.complaints.guards import complaint_or_404, consumer_only
from tousu.portal.views.detail import detail_context
from tousu.portal.views.paging import page_of
from tousu.sla import turns

RECENTLY_UPDATED = keyset.latest("updated_at")


@consumer_only
def my_complaints(request: HttpRequest) -> HttpResponse:
    complaints = access.complaints_for(request.user).select_related("merchant")
    page, bad = page_of(request, turns.with_evidence_asked(complaints), RECENTLY_UPDATED)
    turns.word_rows(page.rows, Party.CONSUMER)  # "等待您确认" on the consumer's turn
    turns.turn_rows(page.rows, Party.CONSUMER)  # who must act and the time left, per row
    return render(
        request,
        "portal/my_complaints.html",
        {"page": page, "bad_cursor": bad},
        status=400 if bad else 200,
    )


@consumer_only
def complaint_detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    return render(request, "portal/complaint_detail.html", detail_context(request, complaint))
