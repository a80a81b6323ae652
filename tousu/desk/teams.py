"""Teams at the desk: everyone at the desk sees the list; supervisors create and edit.

Each team's row counts the complaints open in its queue (one grouped count over the
``cmp_open_team_id`` index). Every write is ``tousu.teams.actions`` (create_team,
update_team); a refusal is shown next to its field, never a 500.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.complaints.access import assignable_staff, may_supervise
from tousu.complaints.guards import staff_only, supervisor_only
from tousu.complaints.models import Complaint
from tousu.search.queue import open_only
from tousu.teams import actions
from tousu.teams.models import Team


class StaffChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj}（{obj.get_role_display()}）"


class TeamForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=64)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("What the team handles")}),
    )
    members = StaffChoice(
        label=gettext_lazy("Members"),
        queryset=assignable_staff(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Active customer-service staff only."),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Active (takes new complaints)"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = assignable_staff()  # evaluated per request


def open_counts() -> dict[int, int]:
    """Open complaints in each team's queue, by team id."""
    rows = (
        open_only(Complaint.objects.filter(team__isnull=False))
        .values("team")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["team"]: row["n"] for row in rows}


@staff_only
def team_list(request: HttpRequest) -> HttpResponse:
    teams = list(Team.objects.prefetch_related("members").order_by("-is_active", "name"))
    counts = open_counts()
    for team in teams:
        team.open_count = counts.get(team.pk, 0)
        team.member_list = sorted(team.members.all(), key=lambda u: (str(u), u.username))
    return render(
        request,
        "desk/teams.html",
        {"teams": teams, "may_manage": may_supervise(request.user)},
    )


def _save(request: HttpRequest, form: TeamForm, team: Team | None) -> Team | None:
    """Call the action; its refusals land on the form's fields. None: not saved."""
    data = form.cleaned_data
    try:
        if team is None:
            return actions.create_team(
                request.user,
                data["name"],
                description=data["description"],
                members=data["members"],
            )
        return actions.update_team(
            request.user,
            team,
            name=data["name"],
            description=data["description"],
            members=data["members"],
            is_active=data["is_active"],
        )
    except ValidationError as error:
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    except PermissionDenied:
        form.add_error(None, _("Only supervisors manage teams."))
    return None


@supervisor_only
def team_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The create form, or (``pk``) the edit form; POST saves and goes back to the list."""
    team = get_object_or_404(Team, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = TeamForm(request.POST)
        if form.is_valid():
            saved = _save(request, form, team)
            if saved is not None:
                messages.success(request, _("Team “%(name)s” saved.") % {"name": saved.name})
                return redirect("desk:teams")
        status = 422
    else:
        initial = (
            {
                "name": team.name,
                "description": team.description,
                "members": list(team.members.values_list("pk", flat=True)),
                "is_active": team.is_active,
            }
            if team
            else {"is_active": True}
        )
        form = TeamForm(initial=initial)
        status = 200
    if team is None:
        del form.fields["is_active"]  # a new team is active
    return render(request, "desk/team_form.html", {"form": form, "team": team}, status=status)
