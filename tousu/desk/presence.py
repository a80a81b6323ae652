"""Who else has a complaint open: the workbench pings here every
TOUSU_DESK_PRESENCE_POLL_SECONDS (``typing=1`` while the reply box holds unsent text) and
shows the answer, "客服小李 正在查看 / 正在回复". Plain polling, no websockets; a ping older
than TOUSU_DESK_PRESENCE_EXPIRY_SECONDS no longer counts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from tousu.complaints.guards import complaint_or_404, staff_only
from tousu.desk import actions


@staff_only
@require_POST
def presence(request: HttpRequest, number: str) -> HttpResponse:
    complaint = complaint_or_404(request.user, number)
    if request.POST.get("gone") == "1":
        actions.mark_gone(request.user, complaint)
    else:
        actions.mark_present(request.user, complaint, typing=request.POST.get("typing") == "1")
    return render(
        request,
        "desk/_presence.html",
        {"present": actions.others_present(request.user, complaint), "complaint": complaint},
    )
