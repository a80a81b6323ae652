"""Incidents on the desk: the list, one incident with its complaints, handling them together.

Handling together applies one reply (``actions.post_message``) or one plain step
(``actions.transition``) to each of the incident's open complaints through the desk's bulk
machinery (``bulk.run``): one transaction per complaint, a summary of done and refused.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tousu.complaints import actions, workflow
from tousu.complaints.choices import Channel
from tousu.complaints.guards import staff_only
from tousu.desk import bulk
from tousu.incidents import actions as incident_actions
from tousu.incidents.models import Incident
from tousu.incidents.queries import listed

REPLY, STEP = "reply", "step"


def _plain_steps() -> list[tuple[str, str]]:
    return [
        (name, str(step.label))
        for name, step in workflow.TRANSITIONS.items()
        if not step.structured and step.roles & workflow.PLATFORM
    ]


class TogetherForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (REPLY, gettext_lazy("Reply to each")),
            (STEP, gettext_lazy("Take a step on each")),
        ]
    )
    body = forms.CharField(required=False, max_length=settings.TOUSU_MESSAGE_MAX_CHARS)
    step = forms.CharField(required=False, max_length=40)
    note = forms.CharField(required=False, max_length=settings.TOUSU_MESSAGE_MAX_CHARS)


@staff_only
def incident_list(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/incidents.html", {"incidents": listed()[:200]})


def _detail_context(incident: Incident) -> dict:
    members = incident.members.select_related("complaint", "complaint__consumer").order_by("id")
    return {
        "incident": incident,
        "members": members,
        "open_count": sum(1 for m in members if m.complaint.is_open),
        "steps": _plain_steps(),
    }


@staff_only
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident.objects.select_related("merchant"), pk=pk)
    return render(request, "desk/incident.html", _detail_context(incident))


@staff_only
@require_POST
def handle_together(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    form = TogetherForm(request.POST)
    user = request.user
    problem, step = "", None
    if not form.is_valid():
        problem = _("Please choose what to do with the incident's complaints.")
    elif form.cleaned_data["action"] == REPLY:
        body = form.cleaned_data["body"]
        if not body.strip():
            problem = _("The message is empty.")
        step = lambda c: actions.post_message(c, user, body, channel=Channel.DESK)  # noqa: E731
    else:
        name, note = form.cleaned_data["step"], form.cleaned_data["note"]
        if name not in dict(_plain_steps()):
            problem = _("Please choose a step.")
        step = lambda c: actions.transition(c, user, name, channel=Channel.DESK, note=note)  # noqa: E731
    context = {"back": reverse("desk:incident", args=[incident.pk]), "form": form}
    if problem or step is None:
        context["problem"] = problem
        return render(request, "desk/bulk_done.html", context, status=400)
    numbers = [
        m.complaint.number
        for m in incident.members.select_related("complaint")
        if m.complaint.is_open
    ]
    context.update(outcome=bulk.run(user, numbers, step), label=incident.title)
    return render(request, "desk/bulk_done.html", context)


@staff_only
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the incident (its complaints go on one by one); a later alike complaint about
    the product may open a new one."""
    incident_actions.close_incident(get_object_or_404(Incident, pk=pk))
    return redirect("desk:incident", pk=pk)
