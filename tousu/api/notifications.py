"""The in-app inbox for the app: ``/api/v1/notifications`` (the web's bell and /inbox/)."""

from datetime import datetime
from typing import Optional

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tousu.api import pagination
from tousu.api.schemas import ErrorOut
from tousu.complaints.errors import NotFound
from tousu.notify import actions
from tousu.notify.inbox import UNREAD_SHOWN_MAX, message_for, messages_for, unread_count
from tousu.notify.models import InboxMessage

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    complaint_number: Optional[str] = Field(..., description="The complaint it is about, if any")
    created_at: datetime
    read_at: Optional[datetime] = Field(..., description="null while unread")


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page")
    unread: int = Field(
        ..., description=f"Unread notices, counted up to {UNREAD_SHOWN_MAX + 1} (show 99+)"
    )


class MarkedOut(Schema):
    marked: int = Field(..., description="How many notices this call marked read")


def _shown(notice: InboxMessage) -> dict:
    return {
        "id": notice.pk,
        "title": notice.title,
        "body": notice.body,
        "complaint_number": notice.complaint.number if notice.complaint_id else None,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
    }


@router.get("", response={200: NotificationPage, 401: ErrorOut, 422: ErrorOut})
def list_notifications(request: HttpRequest, cursor: Optional[str] = None) -> dict:
    """My notices, newest first, and how many are unread. Everyone has only their own."""
    rows = messages_for(request.auth).select_related("complaint")
    found, next_cursor = pagination.page(rows, pagination.NEWEST, cursor)
    return {
        "items": [_shown(n) for n in found],
        "next_cursor": next_cursor,
        "unread": unread_count(request.auth),
    }


@router.post(
    "/{notification_id}/read", response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut}
)
def read_one(request: HttpRequest, notification_id: int) -> dict:
    """Mark one of my notices read (another person's is 404, like one that does not exist)."""
    notice = message_for(request.auth, notification_id)
    if notice is None:
        raise NotFound()
    actions.mark_read(request.auth, notice)
    return _shown(notice)


@router.post("/read", response={200: MarkedOut, 401: ErrorOut})
def read_all(request: HttpRequest) -> dict:
    """Mark every unread notice of mine read."""
    return {"marked": actions.mark_all_read(request.auth)}
