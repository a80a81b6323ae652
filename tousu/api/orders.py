"""The caller's own orders, to pick one when filing a complaint."""

from typing import Optional

from django.http import HttpRequest
from ninja import Router

from tousu.api import pagination, presenters
from tousu.api.schemas import ErrorOut, OrderOut, OrderPage
from tousu.complaints import access
from tousu.complaints.access import orders_for
from tousu.complaints.errors import NotFound

router = Router(tags=["orders"])


def _orders(request: HttpRequest):
    return orders_for(request.auth).select_related("merchant").prefetch_related("items")


@router.get("", response={200: OrderPage, 401: ErrorOut, 422: ErrorOut})
def list_orders(request: HttpRequest, cursor: Optional[str] = None) -> dict:
    """My orders, newest first. Only consumers have orders; anyone else gets an empty list."""
    rows, next_cursor = pagination.page(_orders(request), pagination.BY_PAYMENT, cursor)
    return {"items": [presenters.order(o) for o in rows], "next_cursor": next_cursor}


@router.get("/{number}", response={200: OrderOut, 401: ErrorOut, 404: ErrorOut})
def get_order(request: HttpRequest, number: str) -> dict:
    """One of my orders; someone else's order is reported as not found."""
    found = access.numbered(_orders(request), number).first()
    if found is None:
        raise NotFound()
    return presenters.order(found)
