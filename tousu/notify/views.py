"""The notification center: the reader's inbox, newest first, a notice opened (marked
read, then on to its complaint's page for the reader's role), all marked read.

Views only parse, call ``tousu.notify.inbox`` (reads, the reader's own only) or
``tousu.notify.actions`` (writes) and render; another person's notice is a 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tousu import keyset
from tousu.complaints import access
from tousu.notify import actions
from tousu.notify.inbox import NEWEST_FIRST, message_for, messages_for


def complaint_url(user, number: str) -> str:
    """The complaint's page in the reader's own area: desk, merchant center or portal."""
    if access.may_use_desk(user):
        return reverse("desk:detail", args=[number])
    if access.may_use_merchant_center(user):
        return reverse("merchant_center:complaint", args=[number])
    return reverse("portal:complaint", args=[number])


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    rows = (
        messages_for(request.user)
        .select_related("complaint")
        .only("id", "title", "body", "created_at", "read_at", "complaint__number")
    )
    page, bad = keyset.from_params(request.GET, rows, NEWEST_FIRST, settings.TOUSU_LIST_PAGE_SIZE)
    return render(
        request, "notify/inbox.html", {"page": page, "bad_cursor": bad}, status=400 if bad else 200
    )


@login_required
@require_GET
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notice marks it read and goes on to its complaint (or back to the inbox)."""
    notice = message_for(request.user, pk)
    if notice is None:
        raise Http404()
    actions.mark_read(request.user, notice)
    if notice.complaint is None:
        return redirect("notify:inbox")
    return redirect(complaint_url(request.user, notice.complaint.number))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = actions.mark_all_read(request.user)
    messages.success(
        request,
        _("%(n)s notifications marked read.") % {"n": count} if count else _("Nothing unread."),
    )
    return redirect("notify:inbox")
