"""The supervisor view: complaints at risk of missing a deadline, breached, and not computed.

Every figure is an aggregate over ``sla.Deadline`` rows that are still running,
reached through the ``(state, due_at)`` index: the work grows with the number of
deadlines at risk or overdue, not with the number of complaints.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.complaints.access import assignable_staff
from tousu.complaints.guards import supervisor_only
from tousu.complaints.workflow import OPEN, Status
from tousu.search.queue import overdue_runs
from tousu.sla.models import Clock, Deadline, DeadlineState

St = DeadlineState
LIST_SIZE = 50


class SupervisorFilters(forms.Form):
    hours = forms.IntegerField(
        label=_("At risk within (hours)"), required=False, min_value=1, max_value=24 * 30
    )
    clock = forms.ChoiceField(
        label=_("Clock"), required=False, choices=[("", _("Any"))] + list(Clock.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + [c for c in Status.choices if c[0] in OPEN],
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Anyone")), ("none", _("Nobody"))] + [
            (str(u.pk), str(u)) for u in staff
        ]

    def apply(self, live: QuerySet[Deadline]) -> QuerySet[Deadline]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("clock") and "clock" not in self.errors:
            live = live.filter(clock=data["clock"])
        if data.get("status") and "status" not in self.errors:
            live = live.filter(complaint__status=data["status"])
        assignee = data.get("assignee") if "assignee" not in self.errors else None
        if assignee == "none":
            live = live.filter(complaint__assignee__isnull=True)
        elif assignee:
            live = live.filter(complaint__assignee_id=int(assignee))
        return live


def _grouped(live: QuerySet[Deadline], field: str, at_risk: Q, overdue: Q) -> list[dict]:
    return list(
        live.filter(at_risk | overdue)
        .values(field)
        .annotate(
            at_risk=Count("complaint", distinct=True, filter=at_risk),
            overdue=Count("complaint", distinct=True, filter=overdue),
        )
        .order_by("-overdue", "-at_risk")
    )


@supervisor_only
def supervisor(request: HttpRequest) -> HttpResponse:
    staff = list(assignable_staff())
    filters = SupervisorFilters(request.GET, staff=staff)
    filters.is_valid()  # invalid fields are shown and ignored
    hours = (
        filters.cleaned_data.get("hours") if "hours" not in filters.errors else None
    ) or settings.TOUSU_SLA_AT_RISK_HOURS
    now = timezone.now()
    live = filters.apply(Deadline.objects.filter(ended_at__isnull=True))
    at_risk = Q(state=St.ACTIVE, due_at__gt=now, due_at__lte=now + timedelta(hours=hours))
    overdue = overdue_runs(now)  # breached, or past due and not swept yet (as the queue's filter)
    unknown = Q(state=St.UNKNOWN)
    # Three counts rather than one conditional aggregate: each is a range of the
    # (state, due_at) index, where one aggregate would read every running deadline.
    counts = {
        name: live.filter(q).values("complaint").distinct().count()
        for name, q in (("at_risk", at_risk), ("overdue", overdue), ("unknown", unknown))
    }
    names = {u.pk: str(u) for u in staff}
    by_agent = _grouped(live, "complaint__assignee", at_risk, overdue)
    for row in by_agent:
        row["name"] = (
            names.get(row["complaint__assignee"], _("Nobody"))
            if row["complaint__assignee"]
            else _("Nobody")
        )
        row["pk"] = row["complaint__assignee"] or "none"
    by_status = _grouped(live, "complaint__status", at_risk, overdue)
    labels = dict(Status.choices)
    for row in by_status:
        row["label"] = labels.get(row["complaint__status"], row["complaint__status"])
    rows = live.select_related("complaint", "complaint__assignee")
    return render(
        request,
        "desk/supervisor.html",
        {
            "filters": filters,
            "hours": hours,
            "counts": counts,
            "by_agent": by_agent,
            "by_status": by_status,
            "at_risk": list(rows.filter(at_risk).order_by("due_at")[:LIST_SIZE]),
            "overdue": list(rows.filter(overdue).order_by("due_at")[:LIST_SIZE]),
            "unknown": list(rows.filter(unknown).order_by("started_at")[:LIST_SIZE]),
            "list_size": LIST_SIZE,
            "now": now,
        },
    )
