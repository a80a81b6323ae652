"""Forms of the desk: the small forms on a complaint (the queue's filters are shared with
the API: ``tousu.search.queue``)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tousu.accounts.models import User
from tousu.complaints.access import assignable_staff
from tousu.complaints.choices import Category, Priority
from tousu.search.queue import MINE, NO_TEAM, UNASSIGNED
from tousu.teams.models import Team


class ReplyForm(forms.Form):
    PUBLIC, INTERNAL = "public", "internal"
    body = forms.CharField(
        label=_("Message"),
        max_length=settings.TOUSU_MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        initial=PUBLIC,
        widget=forms.RadioSelect,
        choices=[
            (PUBLIC, _("Public reply (consumer and merchant see it)")),
            (INTERNAL, _("Internal note (staff only)")),
        ],
    )


class AssignForm(forms.Form):
    assignee = forms.CharField(max_length=20)

    def target(self, me: User) -> tuple[bool, User | None]:
        """``(ok, user)``: ``me``, another active staff member, or None to unassign."""
        value = self.cleaned_data["assignee"]
        if value == UNASSIGNED:
            return True, None
        if value == MINE:
            return True, me
        if not value.isdigit():
            return False, None
        user = assignable_staff().filter(pk=int(value)).first()
        return user is not None, user


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(coerce=int, choices=Priority.choices)


class CategoryForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices)


class TransitionForm(forms.Form):
    name = forms.CharField(max_length=32)
    note = forms.CharField(required=False, max_length=settings.TOUSU_MESSAGE_MAX_CHARS)


class MoveToTeamForm(forms.Form):
    """The workbench's team box: a team's id (or "none": out of its team), and whether to
    give it to the team's next member in turn."""

    team = forms.CharField(max_length=20)
    in_turn = forms.BooleanField(required=False)

    def target(self) -> tuple[bool, Team | None]:
        """``(ok, team)``: a team (active or not: the action says why not), or None."""
        value = self.cleaned_data["team"]
        if value == NO_TEAM:
            return not self.cleaned_data["in_turn"], None
        if not value.isdigit():
            return False, None
        team = Team.objects.filter(pk=int(value)).first()
        return team is not None, team
