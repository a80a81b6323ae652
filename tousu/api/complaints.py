"""Filing, listing, reading and withdrawing complaints through the app channel."""

from typing import Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from tousu.api import list_filters, pagination, presenters
from tousu.api.errors import ApiError, request_fields
from tousu.api.list_filters import ComplaintFilters
from tousu.api.schemas import (
    ComplaintDetailOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ErrorOut,
    WithdrawIn,
)
from tousu.complaints import access, actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import DuplicateOpenComplaint

router = Router(tags=["complaints"])

# The actions name fields after the web form; the API names them after its JSON.
_API_FIELDS = {"order": "order_number", "amount": "amount_fen"}
_MAX_KEY_LENGTH = 128


@router.get("", response={200: ComplaintPage, 401: ErrorOut, 422: ErrorOut})
def list_complaints(
    request: HttpRequest, filters: Query[ComplaintFilters], cursor: Optional[str] = None
) -> dict:
    """Complaints the caller may see, newest first, one page at a time; filtered by status,
    last change and next deadline (every filter given must hold; pass them again with the cursor)."""
    qs = access.complaints_for(request.auth).select_related("order", "merchant")
    qs = list_filters.apply(qs, filters)
    rows, next_cursor = pagination.page(qs, pagination.NEWEST, cursor)
    return {"items": [presenters.complaint(c) for c in rows], "next_cursor": next_cursor}


@router.post(
    "",
    response={
        200: ComplaintOut,
        201: ComplaintOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
)
def file_complaint(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: Optional[str] = Header(
        None,
        alias="Idempotency-Key",
        description="Any string of yours, at most 128 characters, the same on a retry: the "
        "retry answers the first complaint (200) instead of filing another",
        max_length=_MAX_KEY_LENGTH,
        examples=["6f1c0d2e-first-try"],
    ),
) -> Status:
    """File a complaint (201). A retry with the same ``Idempotency-Key`` returns the first one (200).

    Past the account's filing limit (``TOUSU_FILING_LIMIT_PER_HOUR`` / ``_PER_DAY``): 429
    ``filing_limit_reached`` with ``fields.retry_at`` and ``Retry-After``. A retry is never refused.
    Already an open complaint of mine about the same order line: 409 ``duplicate_open_complaint``
    with ``fields.complaint_number``, unless ``confirm_new`` is true.
    """
    if not access.may_file(request.auth):
        raise ApiError(403, "forbidden", _("Only consumers can file complaints."))
    key = (idempotency_key or "").strip()
    if "\x00" in key:  # PostgreSQL cannot store or compare it; no retry can mean it
        message = _("The Idempotency-Key cannot contain the NUL character (U+0000).")
        raise ApiError(422, "validation_failed", message, {"Idempotency-Key": message})
    draft = filing.Draft(
        kind=payload.kind,
        category=payload.category,
        demand=payload.demand,
        description=payload.description,
        order_number=payload.order_number.strip(),
        amount_fen=payload.amount_fen,
        lines=tuple((line.item_id, line.quantity) for line in payload.lines),
    )
    try:
        with request_fields(_API_FIELDS):
            filed, created = filing.file_complaint(
                request.auth,
                draft,
                channel=Channel.APP,
                idempotency_key=key,
                refuse_duplicate=not payload.confirm_new,
            )
    except DuplicateOpenComplaint as exc:
        raise ApiError(
            409,
            exc.code,
            exc.text(),
            fields={"complaint_number": exc.complaint.number},
        ) from None
    # The action returns the complaint with its order and shop loaded: no second read.
    return Status(201 if created else 200, presenters.complaint(filed))


@router.get("/{number}", response={200: ComplaintDetailOut, 401: ErrorOut, 404: ErrorOut})
def get_complaint(request: HttpRequest, number: str) -> dict:
    """Status, next steps, evidence and timeline (internal notes only for platform staff);
    for platform staff also ``staff`` (the consumer, assignee, priority and deadlines), for the
    shop's staff ``shop_view`` (what the merchant center shows them)."""
    found = access.get_complaint(request.auth, number)
    if access.is_platform_staff(request.auth):
        return presenters.complaint_detail(found, request.auth)
    return presenters.complaint_detail(found, request.auth)


@router.post(
    "/{number}/withdraw",
    response={200: ComplaintDetailOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def withdraw(request: HttpRequest, number: str, payload: Optional[WithdrawIn] = None) -> dict:
    """The consumer withdraws their complaint; an optional note says why."""
    found = access.get_complaint(request.auth, number)
    note = payload.note if payload else ""
    actions.transition(found, request.auth, "withdraw", channel=Channel.APP, note=note)
    return presenters.complaint_detail(access.get_complaint(request.auth, number), request.auth)


@router.post(
    "/{number}/urge",
    response={200: ComplaintDetailOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
)
def urge(request: HttpRequest, number: str) -> dict:
    """催办: urge the complaint. Too early for this complaint (``urge_too_soon``) or past the
    account's ``TOUSU_URGE_LIMIT_PER_DAY`` (``urge_limit_reached``) → 429 with ``fields.retry_at``
    and a Retry-After header."""
    found = access.get_complaint(request.auth, number)
    actions.urge(found, request.auth, channel=Channel.APP)
    return presenters.complaint_detail(access.get_complaint(request.auth, number), request.auth)
