"""Bulk actions on the rows ticked in the queue: assign, priority, forward to the merchant,
close with a note.

Each complaint goes through the same action as on its workbench, in its own transaction:
one refused complaint (a step not possible in its status, a complaint the user may not
see) changes nothing on it and does not stop the others. The answer is a summary of
what was done and what was refused, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tousu.accounts.models import User
from tousu.complaints import actions
from tousu.complaints.access import get_complaint
from tousu.complaints.choices import Channel, Priority
from tousu.complaints.errors import ComplaintError, NotFound
from tousu.complaints.guards import staff_only
from tousu.complaints.models import Complaint
from tousu.desk.forms import AssignForm

ASSIGN, PRIORITY, FORWARD, CLOSE = "assign", "priority", "forward", "close"


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (ASSIGN, gettext_lazy("Assign")),
            (PRIORITY, gettext_lazy("Set priority")),
            (FORWARD, gettext_lazy("Ask the merchant to respond")),
            (CLOSE, gettext_lazy("Close with a note")),
        ]
    )
    assignee = forms.CharField(required=False, max_length=20)
    priority = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "")] + Priority.choices
    )
    note = forms.CharField(required=False, max_length=settings.TOUSU_MESSAGE_MAX_CHARS)


@dataclass
class Outcome:
    done: list[Complaint] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (number, why)


def _step(form: BulkForm, user: User) -> Callable[[Complaint], object] | str:
    """What to do to each complaint, or why the request as a whole cannot be done."""
    data, action = form.cleaned_data, form.cleaned_data["action"]
    if action == ASSIGN:
        assign = AssignForm({"assignee": data["assignee"]})
        ok, who = assign.target(user) if assign.is_valid() else (False, None)
        if not ok:
            return _("Please choose a member of the customer-service staff.")
        return lambda c: actions.assign(c, user, who)
    if action == PRIORITY:
        if data["priority"] is None:
            return _("Please choose a priority.")
        return lambda c: actions.set_priority(c, user, data["priority"])
    if action == FORWARD:
        return lambda c: actions.transition(c, user, "forward_to_merchant", channel=Channel.DESK)
    if not data["note"].strip():
        return _("Closing needs a note for the record.")
    return lambda c: actions.transition(c, user, "close", channel=Channel.DESK, note=data["note"])


def run(user: User, numbers: list[str], step: Callable[[Complaint], object]) -> Outcome:
    """Apply ``step`` to each complaint, each in the action's own transaction."""
    outcome = Outcome()
    for number in dict.fromkeys(numbers):  # each once, in the order ticked
        try:
            complaint = get_complaint(user, number)
            step(complaint)
        except NotFound:
            outcome.refused.append((number, _("No complaint with this number.")))
        except ComplaintError as error:
            outcome.refused.append((number, error.text()))
        else:
            outcome.done.append(complaint)
    return outcome


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return ""


@staff_only
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    numbers = [n.strip() for n in request.POST.getlist("c") if n.strip()]
    form = BulkForm(request.POST)
    context = {"back": _back(request), "form": form}
    problem = ""
    if not numbers:
        problem = _("Tick at least one complaint.")
    elif len(numbers) > settings.TOUSU_DESK_BULK_MAX:
        problem = _("At most %(n)s complaints at once.") % {"n": settings.TOUSU_DESK_BULK_MAX}
    elif not form.is_valid():
        problem = _("Please choose what to do with the ticked complaints.")
    step = problem or _step(form, request.user)
    if isinstance(step, str):
        context["problem"] = step
        return render(request, "desk/bulk_done.html", context, status=400)
    context.update(outcome=run(request.user, numbers, step), action=form.cleaned_data["action"])
    context["label"] = dict(form.fields["action"].choices)[form.cleaned_data["action"]]
    return render(request, "desk/bulk_done.html", context)
