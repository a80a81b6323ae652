"""Callbacks through the app channel: a consumer asks the hotline to call them back."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tousu.accounts import phones
from tousu.api.enums import choice
from tousu.api.errors import ApiError
from tousu.api.schemas import ErrorOut
from tousu.channels.phone import callbacks
from tousu.channels.phone.callbacks import Asked
from tousu.channels.phone.models import Callback, CallbackState
from tousu.complaints import access
from tousu.complaints.choices import Channel

router = Router(tags=["callbacks"])


class CallbackIn(Schema):
    complaint_number: str = ""
    reason: str = ""


class CallbackOut(Schema):
    id: int
    state: choice(CallbackState)
    state_label: str
    hotline: str
    phone_masked: str
    complaint_number: Optional[str]
    also_about: list[str] = Field(
        description="Numbers of further complaints later requests added to this callback."
    )
    reason: str = Field(description="Every request's reason, one per line.")
    requested_at: datetime
    due_at: Optional[datetime]


class AskedOut(CallbackOut):
    asked: Asked = Field(
        description="created (201); merged: a callback was pending and this request's reason "
        "or complaint was added to it (200); pending: it was pending already and "
        "this request added nothing (200)."
    )
    message: str = Field(description="What to tell the consumer, in their language.")


def _out(callback: Callback) -> dict:
    return {
        "id": callback.pk,
        "state": callback.state,
        "state_label": str(callback.get_state_display()),
        "hotline": callback.hotline.name,
        "phone_masked": phones.mask(callback.phone),
        "complaint_number": callback.complaint.number if callback.complaint_id else None,
        "also_about": [c.number for c in callback.also_about.all()],
        "reason": callback.reason,
        "requested_at": callback.requested_at,
        "due_at": callback.due_at,
    }


def _consumer(request: HttpRequest):
    if not access.may_file(request.auth):
        raise ApiError(403, "forbidden", _("Only consumers can ask for a callback."))
    return request.auth


@router.post(
    "",
    response={
        200: AskedOut,
        201: AskedOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def ask(request: HttpRequest, payload: CallbackIn) -> Status:
    """Ask to be called back (201), due ``TOUSU_CALLBACK_DUE`` after the request (default 24 clock
    hours). Asking again while one is pending adds this request's reason and complaint to it
    (200, ``asked: merged``) and keeps its due time; nothing is dropped."""
    consumer = _consumer(request)
    complaint = (
        access.get_complaint(consumer, payload.complaint_number.strip())
        if payload.complaint_number.strip()
        else None
    )
    callback, asked = callbacks.request_callback(
        consumer,
        by=consumer,
        channel=Channel.APP,
        complaint=complaint,
        reason=payload.reason[: callbacks.REASON_MAX],
    )
    return Status(
        201 if asked == callbacks.Asked.CREATED else 200,
        {**_out(callback), "asked": asked, "message": callbacks.asked_message(callback, asked)},
    )


@router.get("", response={200: list[CallbackOut], 401: ErrorOut, 403: ErrorOut})
def mine(request: HttpRequest) -> list[dict]:
    """The caller's callbacks, newest first (at most 20)."""
    consumer = _consumer(request)
    return [
        _out(c)
        for c in Callback.objects.filter(consumer=consumer)
        .select_related("hotline", "complaint")
        .prefetch_related("also_about")
        .order_by("-requested_at")[:20]
    ]
