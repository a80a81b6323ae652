"""“Show the full number”: platform staff reveal a consumer's phone, and every reveal is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from tousu.accounts.actions import reveal_phone
from tousu.complaints.guards import complaint_or_404, staff_only


@staff_only
@require_POST
def reveal(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    reason = request.POST.get("reason", "")
    try:
        full = reveal_phone(
            request.user, complaint.consumer, complaint=complaint, reason=reason, where="desk"
        )
    except ValidationError as refused:
        # htmx swaps only 2xx answers: the form comes back with the message in place.
        context = {"complaint": complaint, "reason": reason, "reveal_error": refused.messages[0]}
        if request.htmx:
            return render(request, "desk/_phone_reveal_form.html", context)
        return render(request, "desk/phone_revealed.html", context, status=400)
    template = "desk/_phone_revealed.html" if request.htmx else "desk/phone_revealed.html"
    return render(request, template, {"complaint": complaint, "full": full})
