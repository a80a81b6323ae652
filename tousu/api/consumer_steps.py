"""The consumer's own steps on a complaint, through the same actions as the portal's buttons
(``tousu.adjudication.views``): answer the merchant's offer, ask the platform to intervene,
send the goods back, say whether a reported refund arrived, rate and accept the outcome
or not. A step the complaint's state does not allow is ``409 transition_not_allowed``;
someone else's complaint is ``404 not_found``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema

from tousu.adjudication import feedback, fulfilment, negotiation, reported
from tousu.api import presenters
from tousu.api.errors import request_fields
from tousu.api.schemas import ComplaintDetailOut, ErrorOut
from tousu.complaints import access
from tousu.complaints.choices import Channel

router = Router(tags=["consumer steps"])

RESPONSES: dict[int, Any] = {
    200: ComplaintDetailOut,
    401: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
# The actions name a few fields after what they store; the API names them after its JSON.
_REASON_FIELDS = {"body": "reason", "note": "reason"}
_TEXT = settings.TOUSU_MESSAGE_MAX_CHARS


class ReasonIn(Schema):
    reason: str = Field(
        ...,
        description=f"Why, in words: required, at most {_TEXT} characters "
        "(`TOUSU_MESSAGE_MAX_CHARS`)",
        min_length=1,
        max_length=_TEXT,
        examples=["商家只愿意退一半，我不同意。"],
    )


class ReturnIn(Schema):
    carrier: str = Field(
        "",
        max_length=40,
        description="The carrier's name, free text as on the web page (no fixed list)",
        examples=["顺丰速运"],
    )
    tracking_number: str = Field(
        ...,
        max_length=40,
        description="6 to 40 letters, digits or hyphens (`^[A-Za-z0-9-]{6,40}$` once trimmed)",
        examples=["SF1234567890"],
    )


class RatingIn(Schema):
    attitude: int = Field(..., strict=True, ge=1, le=5, description="1 to 5 stars; no default")
    speed: int = Field(..., strict=True, ge=1, le=5, description="1 to 5 stars; no default")
    overall: int = Field(
        ..., strict=True, ge=1, le=5, description="Overall satisfaction, 1 to 5 stars; no default"
    )
    comment: str = Field("", max_length=2000, description="At most 2000 characters")
    accepted: bool = Field(
        ...,
        description="Whether the consumer accepts the outcome. While the complaint waits for "
        "confirmation this closes it: confirmed (true) or not accepted (false, the options "
        "left are in `resolution.rating.options_left`)",
    )


def _step(request: HttpRequest, number: str, act: Callable[[Any], Any]) -> dict:
    """Run ``act`` on the caller's complaint and answer its detail; field errors renamed."""
    found = access.get_complaint(request.auth, number)
    with request_fields(_REASON_FIELDS):
        act(found)
    return presenters.complaint_detail(access.get_complaint(request.auth, number), request.auth)


@router.post("/{number}/offer/accept", response=RESPONSES)
def accept_offer(request: HttpRequest, number: str) -> dict:
    """Accept the merchant's agreement or offer (status merchant_agreed or merchant_offered);
    carrying it out starts at once (a return to send, or the refund)."""
    return _step(
        request,
        number,
        lambda c: negotiation.accept_offer(c, request.auth, channel=Channel.APP),
    )


@router.post("/{number}/offer/reject", response=RESPONSES)
def reject_offer(request: HttpRequest, number: str, payload: ReasonIn) -> dict:
    """Do not accept the merchant's answer, saying why (it goes to the merchant as a message);
    the complaint stays with the merchant. To have the platform decide, use `…/intervention`."""
    return _step(
        request,
        number,
        lambda c: negotiation.reject_offer(
            c, request.auth, payload.reason, ask_platform=False, channel=Channel.APP
        ),
    )


@router.post("/{number}/intervention", response=RESPONSES)
def ask_for_intervention(request: HttpRequest, number: str, payload: ReasonIn) -> dict:
    """客服介入: do not accept the merchant's answer and ask platform customer service to review
    both sides and decide."""
    return _step(
        request,
        number,
        lambda c: negotiation.reject_offer(
            c, request.auth, payload.reason, ask_platform=True, channel=Channel.APP
        ),
    )


@router.post("/{number}/return", response=RESPONSES)
def ship_return(request: HttpRequest, number: str, payload: ReturnIn) -> dict:
    """The goods are on their way back (status awaiting_return): the carrier and tracking
    number. The address, the recipient and the deadline are in `resolution.return_shipment`."""
    return _step(
        request,
        number,
        lambda c: fulfilment.ship_return(
            c,
            request.auth,
            carrier=payload.carrier,
            tracking_number=payload.tracking_number,
            channel=Channel.APP,
        ),
    )


@router.post("/{number}/refund/received", response=RESPONSES)
def refund_received(request: HttpRequest, number: str) -> dict:
    """The refund the merchant reports paid arrived (status refund_reported)."""
    return _step(
        request,
        number,
        lambda c: reported.confirm_received(c, request.auth, channel=Channel.APP),
    )


@router.post("/{number}/refund/not-received", response=RESPONSES)
def refund_not_received(request: HttpRequest, number: str, payload: ReasonIn) -> dict:
    """The refund the merchant reports paid has not arrived (status refund_reported): customer
    service checks it with the merchant."""
    return _step(
        request,
        number,
        lambda c: reported.dispute(c, request.auth, payload.reason, channel=Channel.APP),
    )


@router.post("/{number}/rating", response=RESPONSES)
def rate(request: HttpRequest, number: str, payload: RatingIn) -> dict:
    """Rate the handling once (status waiting_confirmation or closed) and say whether you accept
    the outcome; while waiting for confirmation this confirms or declines it."""
    return _step(
        request,
        number,
        lambda c: feedback.give(
            c,
            request.auth,
            attitude=payload.attitude,
            speed=payload.speed,
            overall=payload.overall,
            comment=payload.comment,
            accepted=payload.accepted,
            channel=Channel.APP,
        ),
    )
