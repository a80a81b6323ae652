"""``GET /api/v1/queue``: the agent desk's queue for platform staff tokens.

The filters and sorts are the desk's own (``tousu.search.queue.QueueFilters``, the same
parameter names as the desk's query string); a value that is not valid is 422 naming the
parameter, where the desk shows it and ignores it. Pages follow with ``cursor``
(``tousu.keyset``), in the order of ``sort``.
"""

from __future__ import annotations

from typing import Literal, Optional

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthorizationError

from tousu.api import pagination, presenters
from tousu.api.enums import choice
from tousu.api.errors import ApiError
from tousu.api.schemas import ComplaintOut, ErrorOut
from tousu.api.staff_schemas import ConsumerOut, PriorityValue, StaffMemberOut, TeamOut
from tousu.complaints import access
from tousu.complaints.choices import Category, Channel, Priority
from tousu.complaints.workflow import Status
from tousu.search.queue import (
    ALL_OPEN,
    ANY_STATUS,
    AT_RISK,
    MINE,
    OVERDUE,
    RUNNING,
    SORTS,
    UNASSIGNED,
    QueueFilters,
)

# The desk's values, as enums in the document ("": no filter).
StatusFilter = Literal[(ALL_OPEN, ANY_STATUS, *Status.values)]  # type: ignore[misc]
PriorityFilter = Literal[("", *(str(p) for p in Priority.values))]  # type: ignore[misc]
SortName = Literal[("", *SORTS)]  # type: ignore[misc]
DueFilter = Literal[("", OVERDUE, AT_RISK, RUNNING)]  # type: ignore[misc]

router = Router(tags=["agent"])


class QueueItemOut(ComplaintOut):
    priority: PriorityValue
    priority_label: str
    assignee: Optional[StaffMemberOut]
    team: Optional[TeamOut]
    consumer: ConsumerOut


class QueuePage(Schema):
    items: list[QueueItemOut]
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page")


class QueueParams(Schema):
    status: StatusFilter = Field(
        "", description='Empty: every open complaint; "any": all; or one status'
    )
    assignee: str = Field(
        "",
        description='"mine", "none" (unassigned), or a staff member (username or user id)',
        max_length=150,
    )
    team: str = Field(
        "",
        description='"mine" (any team you are a member of), "none" (in no team), or a team id',
        max_length=20,
    )
    priority: PriorityFilter = Field("", description="1 (low) to 4 (urgent)")
    channel: choice(Channel, blank=True) = Field("")
    category: choice(Category, blank=True) = Field("")
    shop: str = Field("", description="The shop's external ID or exact name", max_length=100)
    consumer: str = Field(
        "", description="The consumer's username or phone number, matched exactly", max_length=64
    )
    due: DueFilter = Field(
        "",
        description="overdue: the next deadline has passed; at_risk: it falls within "
        "TOUSU_SLA_AT_RISK_HOURS; running: the complaint has a running deadline",
    )
    sort: SortName = Field(
        "", description="newest (default), oldest, priority or deadline (next deadline first)"
    )
    cursor: Optional[str] = Field(None, description="`next_cursor` of the previous page")


def _desk_query(params: QueueParams, staff: list) -> QueryDict:
    """The parameters as the desk's query string; a staff member's username becomes their id."""
    data = QueryDict(mutable=True)
    values = params.dict(exclude={"cursor"})
    assignee = values["assignee"]
    if assignee and assignee not in (MINE, UNASSIGNED) and not assignee.isdigit():
        named = [str(u.pk) for u in staff if u.username == assignee]
        values["assignee"] = named[0] if named else assignee
    data.update({name: value for name, value in values.items() if value})
    return data


@router.get("", response={200: QueuePage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def queue(request: HttpRequest, params: Query[QueueParams]) -> dict:
    """The desk's queue: open complaints by default, filtered and sorted as on the desk
    (platform staff only; others 403)."""
    if not access.is_platform_staff(request.auth):
        raise AuthorizationError()
    staff = list(access.assignable_staff())
    filters = QueueFilters(_desk_query(params, staff), staff=staff)
    if not filters.is_valid():
        fields = {name: str(errors[0]) for name, errors in filters.errors.items()}
        raise ApiError(422, "validation_failed", _("Some fields need your attention."), fields)
    rows = (
        access.complaints_for(request.auth)
        .select_related("order", "merchant", "consumer", "assignee", "team")
        .defer("order_snapshot")
    )
    found, next_cursor = pagination.page(
        filters.apply(rows, request.auth), SORTS[filters.sort_key()], params.cursor
    )
    return {"items": [presenters.queue_item(c) for c in found], "next_cursor": next_cursor}
