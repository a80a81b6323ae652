"""我也遇到了: a consumer joins an incident with their own complaint about their own order."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.complaints.errors import ComplaintError, OrderNotFound
from tousu.complaints.guards import consumer_only
from tousu.incidents import actions
from tousu.incidents.models import Incident


@consumer_only
@require_POST
def join_incident(request: HttpRequest, pk: int) -> HttpResponse:
    incident = Incident.objects.select_related("merchant").filter(pk=pk).first()
    if incident is None:
        raise Http404()
    try:
        complaint, filed = actions.join(request.user, incident)
    except OrderNotFound:
        raise Http404()
    except ComplaintError as error:
        messages.error(request, error.text())
        return redirect("portal:my_orders")
    if filed:
        messages.success(
            request,
            _("Your complaint %(number)s has been filed and joined to the others.")
            % {"number": complaint.number},
        )
    else:
        messages.success(
            request,
            _("Your open complaint %(number)s is now handled together with the others.")
            % {"number": complaint.number},
        )
    return redirect("portal:complaint", number=complaint.number)
