"""The complaint queue's filters and sorts, shared by the agent desk and the API.

``QueueFilters`` reads the desk's query string (``status``, ``assignee``, ``priority``,
``channel``, ``category``, ``shop``, ``overdue``, ``sort``); the desk shows a wrong value
next to its field and ignores it, the API (``GET /api/v1/queue``) answers 422 naming it.
The sorts are on indexed columns then id (``tousu.keyset``).
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu import keyset
from tousu.accounts.models import User
from tousu.complaints.choices import Category, Channel, Priority
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import TERMINAL, Status
from tousu.merchants.models import Merchant
from tousu.sla.models import Deadline, DeadlineState

ALL_OPEN = ""
ANY_STATUS = "any"
MINE = "mine"
UNASSIGNED = "none"


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
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[(s.name, s.label) for s in SORTS.values()]
    )

    def __init__(self, data, *, staff: list[User]) -> None:
        super().__init__(data)
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            (MINE, _("Mine")),
            (UNASSIGNED, _("Unassigned")),
        ] + [(str(u.pk), str(u)) for u in staff]
        self.merchant: Merchant | None = None

    def clean_shop(self) -> str:
        value = self.cleaned_data["shop"].strip()
        if value:
            self.merchant = (
                Merchant.objects.filter(Q(external_id=value) | Q(shop_name=value))
                .order_by("pk")
                .first()
            )
            if self.merchant is None:
                raise forms.ValidationError(_("No shop with this ID or name."))
        return value

    def value(self, name: str):
        """The cleaned value, or the empty default when the field was invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    def sort_key(self) -> str:
        return self.value("sort") or DEFAULT_SORT

    def apply(self, qs: QuerySet[Complaint], user: User) -> QuerySet[Complaint]:
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
        for name in ("priority", "channel", "category"):
            if self.value(name) is not None:
                qs = qs.filter(**{name: self.value(name)})
        if self.merchant is not None:
            qs = qs.filter(merchant=self.merchant)
        if self.value("overdue"):
            late = Deadline.objects.filter(
                overdue_runs(timezone.now()), complaint=OuterRef("pk"), ended_at__isnull=True
            )
            qs = qs.filter(Exists(late))
        return qs


def overdue_runs(now: datetime) -> Q:
    """Running deadlines past due: breached, or past due and not swept yet (the worker is
    behind or holds it). The supervisor's overview counts the same."""
    return Q(state=DeadlineState.BREACHED) | Q(
        state__in=[DeadlineState.ACTIVE, DeadlineState.CLAIMED], due_at__lte=now
    )
