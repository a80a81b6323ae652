"""Callbacks through the app channel: a consumer asks the hotline to call them back."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tousu.accounts import phones
from tousu.api.errors import ApiError
from tousu.api.schemas import ErrorOut
from tousu.channels.phone import callbacks
from tousu.channels.phone.models import Callback
from tousu.complaints import access
from tousu.complaints.choices import Channel

router = Router(tags=["callbacks"])


class CallbackIn(Schema):
    complaint_number: str = ""
    reason: str = ""


class CallbackOut(Schema):
    id: int
    state: str
    state_label: str
    hotline: str
    phone_masked: str
    complaint_number: Optional[str]
    requested_at: datetime
    due_at: Optional[datetime]


def _out(callback: Callback) -> dict:
    return {"id": callback.pk, "state": callback.state, "state_label": str(callback.get_state_display()),
            "hotline": callback.hotline.name, "phone_masked": phones.mask(callback.phone),
            "complaint_number": callback.complaint.number if callback.complaint_id else None,
            "requested_at": callback.requested_at, "due_at": callback.due_at}


def _consumer(request: HttpRequest):
    if not request.auth.is_consumer:
        raise ApiError(403, "forbidden", _("Only consumers can ask for a callback."))
    return request.auth


@router.post("", response={200: CallbackOut, 201: CallbackOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                           409: ErrorOut, 422: ErrorOut})
def ask(request: HttpRequest, payload: CallbackIn) -> Status:
    """Ask to be called back (201), due within 24 service hours of the consumer hotline. Asking
    again while one is pending returns it (200)."""
    consumer = _consumer(request)
    complaint = access.get_complaint(consumer, payload.complaint_number.strip()) if payload.complaint_number.strip() \
        else None
    callback, created = callbacks.request_callback(consumer, by=consumer, channel=Channel.APP, complaint=complaint,
                                                   reason=payload.reason[:500])
    return Status(201 if created else 200, _out(callback))


@router.get("", response={200: list[CallbackOut], 401: ErrorOut, 403: ErrorOut})
def mine(request: HttpRequest) -> list[dict]:
    """The caller's callbacks, newest first (at most 20)."""
    consumer = _consumer(request)
    return [_out(c) for c in Callback.objects.filter(consumer=consumer).select_related("hotline", "complaint")
            .order_by("-requested_at")[:20]]
