"""Saved queue views: the list beside the queue, saving the current filters, deleting one's own.

A view is a name for a query string of the queue (``desk.actions.clean_query`` keeps only
the filter parameters). Everyone at the desk saves their own; supervisors may share one
with all staff (``access.may_share_views``).
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.complaints.access import may_share_views
from tousu.complaints.choices import Priority
from tousu.complaints.errors import ComplaintError, NotFound
from tousu.complaints.guards import staff_only
from tousu.desk import actions
from tousu.desk.models import SavedView


def sidebar(request: HttpRequest, staff: list) -> dict:
    """The saved views (the user's own, then the shared ones) and what the bulk bar offers."""
    views = list(
        SavedView.objects.filter(Q(owner=request.user) | Q(shared=True))
        .select_related("owner")
        .order_by("name")[:100]
    )
    return {
        "my_views": [v for v in views if v.owner_id == request.user.pk],
        "shared_views": [v for v in views if v.shared and v.owner_id != request.user.pk],
        "current_query": actions.clean_query(request.GET.urlencode()),
        "may_share": may_share_views(request.user),
        "staff": staff,
        "priorities": list(reversed(Priority.choices)),
    }


def _queue(query: str) -> HttpResponse:
    return redirect(reverse("desk:queue") + (f"?{query}" if query else ""))


@staff_only
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    try:
        view = actions.save_view(
            request.user,
            request.POST.get("name", ""),
            query,
            shared=request.POST.get("shared") == "1",
        )
    except ComplaintError as error:
        messages.error(request, error.text())
        return _queue(actions.clean_query(query))
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return _queue(view.query)


@staff_only
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.delete_view(request.user, pk)
    except NotFound:
        raise Http404() from None  # another's view, or gone: as if it never existed
    messages.success(request, _("View deleted."))
    return _queue("")
