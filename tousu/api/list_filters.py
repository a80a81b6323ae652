"""Filters of ``GET /api/v1/complaints``, the same for every role: status, last change, next deadline.

They narrow the queryset before keyset paging (``tousu.api.pagination``), so the cursor
works as without them; a client passes the same filters again with ``cursor``. A value
that does not parse is ``422 validation_failed`` naming the parameter.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timezone as tz
from typing import Optional

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema

from tousu.complaints.errors import ValidationFailed
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status
from tousu.sla.models import Deadline, DeadlineState

_LIVE = (DeadlineState.ACTIVE, DeadlineState.CLAIMED)


class ComplaintFilters(Schema):
    status: list[str] = Field(
        [],
        description="Only these statuses: repeat the parameter (`?status=closed&status=withdrawn`) "
        "or give a comma list (`?status=closed,withdrawn`)",
        json_schema_extra={"items": {"type": "string", "enum": list(Status.values)}},
    )
    updated_since: Optional[datetime] = Field(
        None,
        description="Only complaints changed at or after this moment (ISO 8601; without an "
        "offset: Beijing time). Encode `+` as `%2B` in the query string",
        examples=["2026-11-20T10:00:00+08:00"],
    )
    deadline_before: Optional[datetime] = Field(
        None,
        description="Only complaints whose running deadline (the `turn.due_at` of the step "
        "being timed) falls before this moment (ISO 8601); overdue ones included",
        examples=["2026-11-22T00:00:00+08:00"],
    )


def _moment(name: str, value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return value.astimezone(tz.utc)
    except OverflowError:  # a year at the edge of the calendar, e.g. 0001-01-01T00:00+08:00
        raise ValidationFailed(
            {name: _("Enter a date and time between the years 1 and 9999.")}
        ) from None


def statuses(values: list[str]) -> list[str]:
    """``["a,b", "c"]`` → ``["a", "b", "c"]``, each a known status, else a 422 on ``status``."""
    wanted = [part.strip() for value in values for part in value.split(",") if part.strip()]
    unknown = [value for value in wanted if value not in Status.values]
    if unknown:
        raise ValidationFailed(
            {"status": _("Unknown status: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    return wanted


def apply(qs: QuerySet[Complaint], filters: ComplaintFilters) -> QuerySet[Complaint]:
    wanted = statuses(filters.status)
    if wanted:
        qs = qs.filter(status__in=wanted)
    if filters.updated_since is not None:
        qs = qs.filter(updated_at__gte=_moment("updated_since", filters.updated_since))
    if filters.deadline_before is not None:
        before = _moment("deadline_before", filters.deadline_before)
        runs = Deadline.objects.filter(
            complaint=OuterRef("pk"), ended_at__isnull=True, state__in=_LIVE, due_at__lt=before
        )
        qs = qs.filter(Exists(runs))
    return qs
