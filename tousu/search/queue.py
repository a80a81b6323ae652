"""The complaint queue's filters and sorts, shared by the agent desk and the API.

``QueueFilters`` reads the desk's query string (``status``, ``assignee``, ``team``,
``priority``, ``channel``, ``category``, ``shop``, ``consumer``, ``due``, ``sort``). A filter never
silently widens: a wrong value or a lookup that finds no row or several lists nothing, with
the reason next to its field on the desk; the API (``GET /api/v1/queue``) answers 422 naming it.
The sorts are on indexed columns then id (``tousu.keyset``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu import keyset
from tousu.accounts.models import User
from tousu.accounts.phones import normalise_mobile
from tousu.complaints.choices import Category, Channel, Priority
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import TERMINAL, Status
from tousu.merchants.models import Merchant
from tousu.sla.models import DeadlineState
from tousu.teams.models import Team

ALL_OPEN = ""
ANY_STATUS = "any"
MINE = "mine"
UNASSIGNED = "none"
# The team filter: MY_TEAMS (any team the user is a member of), NO_TEAM, or a team's id.
MY_TEAMS, NO_TEAM = "mine", "none"
# The "next deadline" filter (Complaint.next_due_at, index cmp_next_due_id).
OVERDUE, AT_RISK, RUNNING = "overdue", "at_risk", "running"
DEADLINE_SORT = "deadline"
LOOKUP_SHOWN = 5  # names listed when a lookup filter matches several


def open_only(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Keep open complaints, written exactly like the predicate of the partial indexes.

    The statuses are inlined as literals on purpose: SQLite only uses a partial index
    when the query repeats its WHERE term, and it does not look into bound parameters
    inside an IN list. The values are our own constants (``[a-z_]``), never user input.
    """
    values = sorted(s.value for s in TERMINAL)
    if not all(v.replace("_", "").isalnum() and v.isascii() for v in values):
        raise ValueError("status values must be plain identifiers to be inlined")
    quote = connection.ops.quote_name
    column = f"{quote(Complaint._meta.db_table)}.{quote('status')}"
    listed = ", ".join(f"'{v}'" for v in values)
    return qs.extra(where=[f"NOT ({column} IN ({listed}))"])


SORTS: dict[str, keyset.Sort] = {
    s.name: s
    for s in [
        keyset.by_id("newest", _("Newest first")),
        keyset.by_id("oldest", _("Oldest first"), descending=False),
        keyset.by_id("priority", _("Priority, then newest"), "priority"),
        # Complaints without a running deadline are not in this sort (the page says so).
        keyset.Sort(
            DEADLINE_SORT,
            _("Next deadline first"),
            (
                keyset.Key("next_due_at", descending=False, moment=True),
                keyset.Key("id", descending=False),
            ),
        ),
    ]
}
DEFAULT_SORT = "newest"


def _blank(label) -> list[tuple[str, object]]:
    return [("", label)]


class QueueFilters(forms.Form):
    """GET parameters of the queue. Unknown values are reported and ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ALL_OPEN, _("All open")), (ANY_STATUS, _("Any status"))] + list(Status.choices),
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank(_("Any")) + list(reversed(Priority.choices)),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=_blank(_("Any")) + list(Channel.choices)
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_blank(_("Any")) + list(Category.choices)
    )
    shop = forms.CharField(
        label=_("Shop"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("ID or exact name")}),
    )
    consumer = forms.CharField(
        label=_("Consumer"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": _("Phone or username")}),
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("Any")),
            (OVERDUE, _("Overdue")),
            (AT_RISK, _("At risk")),
            (RUNNING, _("Has a running deadline")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(s.name, s.label) for s in SORTS.values()]
    )

    def __init__(self, data, *, staff: list[User], teams: list[Team] | None = None) -> None:
        super().__init__(data)
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            (MINE, _("Mine")),
            (UNASSIGNED, _("Unassigned")),
        ] + [(str(u.pk), str(u)) for u in staff]
        if teams is None:
            teams = list(Team.objects.order_by("-is_active", "name"))
        self.fields["team"].choices = [
            ("", _("Any team")),
            (MY_TEAMS, _("My teams")),
            (NO_TEAM, _("No team")),
        ] + [
            (str(t.pk), t.name if t.is_active else _("%(name)s (inactive)") % {"name": t.name})
            for t in teams
        ]
        self.merchant: Merchant | None = None
        self.consumer_user: User | None = None

    def clean_shop(self) -> str:
        value = self.cleaned_data["shop"].strip()
        if value:
            found = list(Merchant.objects.filter(external_id=value)[:2]) or list(
                Merchant.objects.filter(shop_name=value).order_by("pk")[: LOOKUP_SHOWN + 1]
            )
            self.merchant = _only(
                found,
                value,
                _("No shop named “%(name)s”."),
                _("“%(name)s” matches several shops: %(names)s"),
                lambda m: f"{m.shop_name}（{m.external_id}）",
            )
        return value

    def clean_consumer(self) -> str:
        value = self.cleaned_data["consumer"].strip()
        if value:
            phone = normalise_mobile(value)
            match = Q(username=value) | Q(phone=phone) if phone else Q(username=value)
            found = list(User.objects.filter(match).order_by("pk")[: LOOKUP_SHOWN + 1])
            self.consumer_user = _only(
                found,
                value,
                _("No consumer with the phone number or username “%(name)s”."),
                _("“%(name)s” matches several users: %(names)s"),
                lambda u: f"{u}（{u.username}）",
            )
        return value

    @property
    def blocked(self) -> bool:
        """A filter did not parse or a lookup did not find exactly one: list nothing rather
        than everything (a filter never silently widens)."""
        return any(name != "sort" for name in self.errors)

    def value(self, name: str):
        """The cleaned value, or the empty default when the field was invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    def sort_key(self) -> str:
        return self.value("sort") or DEFAULT_SORT

    def apply(self, qs: QuerySet[Complaint], user: User) -> QuerySet[Complaint]:
        if self.blocked:
            return qs.none()
        status = self.value("status")
        if status is None:
            qs = open_only(qs)
        elif status != ANY_STATUS:
            qs = qs.filter(status=status)
        assignee = self.value("assignee")
        if assignee == MINE:
            qs = qs.filter(assignee=user)
        elif assignee == UNASSIGNED:
            qs = qs.filter(assignee__isnull=True)
        elif assignee:
            qs = qs.filter(assignee_id=int(assignee))
        qs = self._by_team(qs, user)
        for name in ("priority", "channel", "category"):
            if self.value(name) is not None:
                qs = qs.filter(**{name: self.value(name)})
        if self.merchant is not None:
            qs = qs.filter(merchant=self.merchant)
        if self.consumer_user is not None:
            qs = qs.filter(consumer=self.consumer_user)
        return self._by_deadline(qs)

    def _by_team(self, qs: QuerySet[Complaint], user: User) -> QuerySet[Complaint]:
        """By ``team_id``: one team (or none) is a range of the cmp_*team* indexes.

        "mine" with several teams would read each team's range and sort them all; written
        as ``+team_id IN (…)`` (the ids inlined: integers read from the database) no index
        is taken on team_id, so the page walks the sort's own index and skips the other
        teams' rows, which stops after a page instead of sorting every row of the teams.
        """
        team = self.value("team")
        if team == MY_TEAMS:
            ids = sorted(int(pk) for pk in user.teams.values_list("pk", flat=True))
            if len(ids) <= 1:
                return qs.filter(team_id__in=ids)  # none: lists nothing
            quote = connection.ops.quote_name
            column = f"{quote(Complaint._meta.db_table)}.{quote('team_id')}"
            return qs.extra(where=[f"+{column} IN ({', '.join(map(str, ids))})"])
        if team == NO_TEAM:
            return qs.filter(team__isnull=True)
        if team:
            return qs.filter(team_id=int(team))
        return qs

    def _by_deadline(self, qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
        """``next_due_at IS NOT NULL`` written out: the cmp_due_* indexes are partial on it."""
        due, now = self.value("due"), timezone.now()
        if due is None and self.sort_key() != DEADLINE_SORT:
            return qs
        qs = qs.filter(next_due_at__isnull=False)
        if due == OVERDUE:
            return qs.filter(next_due_at__lte=now)
        if due == AT_RISK:
            risk = now + timedelta(hours=settings.TOUSU_SLA_AT_RISK_HOURS)
            return qs.filter(next_due_at__gt=now, next_due_at__lte=risk)
        return qs


def _only(found: list, value: str, none, several, describe: Callable[[Any], str]):
    """The one row a lookup filter found, else a ValidationError saying none or which ones."""
    if len(found) == 1:
        return found[0]
    if not found:
        raise forms.ValidationError(none % {"name": value})
    names = "、".join(describe(row) for row in found[:LOOKUP_SHOWN])
    if len(found) > LOOKUP_SHOWN:
        names += "…"
    raise forms.ValidationError(several % {"name": value, "names": names})


def overdue_runs(now: datetime) -> Q:
    """Running deadlines past due: breached, or past due and not swept yet (the worker is
    behind or holds it). The supervisor's overview counts the same."""
    return Q(state=DeadlineState.BREACHED) | Q(
        state__in=[DeadlineState.ACTIVE, DeadlineState.CLAIMED], due_at__lte=now
    )
