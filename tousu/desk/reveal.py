"""“Show the full number”: platform staff reveal a consumer's phone, and every reveal is logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from tousu.accounts.actions import reveal_phone
from tousu.desk.guards import complaint_or_404, is_htmx, staff_only


@staff_only
@require_POST
def reveal(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    full = reveal_phone(request.user, complaint.consumer, complaint=complaint,
                        reason=request.POST.get("reason", ""), where="desk")
    template = "desk/_phone_revealed.html" if is_htmx(request) else "desk/phone_revealed.html"
    return render(request, template, {"complaint": complaint, "full": full})
