"""Incidents (群体投诉) for platform staff: ``GET /api/v1/incidents`` and one incident with its
complaints (docs/incidents.md). Read-only here: handling them together is each complaint's
own steps (``POST /api/v1/complaints/{number}/…``). Anyone but platform staff gets 403."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthorizationError

from tousu.api import pagination
from tousu.api.enums import choice
from tousu.api.schemas import ErrorOut, ShopOut
from tousu.complaints import access
from tousu.complaints.errors import NotFound
from tousu.complaints.workflow import Status
from tousu.incidents.models import Incident, IncidentState
from tousu.incidents.queries import listed

router = Router(tags=["agent"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class IncidentOut(Schema):
    id: int
    title: str
    state: choice(IncidentState)
    shop: ShopOut
    product: str = Field(..., description="The order line's SKU, else its product name")
    opened_at: datetime
    complaints: int = Field(..., description="Complaints in it")
    still_open: int = Field(..., description="Of which still open")


class IncidentComplaintOut(Schema):
    number: str
    status: choice(Status)
    filed_at: datetime
    joined: bool = Field(..., description="The consumer joined from the notice (我也遇到了)")


class IncidentDetailOut(IncidentOut):
    members: list[IncidentComplaintOut]


class IncidentPage(Schema):
    items: list[IncidentOut]
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page")


class IncidentFilters(Schema):
    state: Optional[choice(IncidentState)] = Field(
        None, description="open or closed; both if absent"
    )
    cursor: Optional[str] = None


def _staff(request: HttpRequest) -> None:
    if not access.is_platform_staff(request.auth):
        raise AuthorizationError()


def _shown(incident: Incident) -> dict:
    return {
        "id": incident.pk,
        "title": incident.title,
        "state": incident.state,
        "shop": {"shop_name": incident.merchant.shop_name, "city": incident.merchant.city},
        "product": incident.product_key,
        "opened_at": incident.opened_at,
        "complaints": incident.total,
        "still_open": incident.still_open,
    }


@router.get("", response={200: IncidentPage, **ERRORS})
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> dict:
    """Incidents, newest first, with how many complaints each holds and how many are open."""
    _staff(request)
    rows = listed()
    if filters.state:
        rows = rows.filter(state=filters.state)
    found, next_cursor = pagination.page(rows, pagination.NEWEST, filters.cursor)
    return {"items": [_shown(i) for i in found], "next_cursor": next_cursor}


@router.get("/{incident_id}", response={200: IncidentDetailOut, **ERRORS})
def get_incident(request: HttpRequest, incident_id: int) -> dict:
    """One incident and its complaints (numbers and statuses; read each through
    ``GET /api/v1/complaints/{number}``)."""
    _staff(request)
    incident = listed().filter(pk=incident_id).first()
    if incident is None:
        raise NotFound()
    members = incident.members.select_related("complaint").order_by("id")
    return {
        **_shown(incident),
        "members": [
            {
                "number": m.complaint.number,
                "status": m.complaint.status,
                "filed_at": m.complaint.created_at,
                "joined": m.joined,
            }
            for m in members
        ],
    }
