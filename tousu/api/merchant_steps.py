"""The merchant's steps on a complaint, for the shop's staff and the shop's API keys.

Each endpoint calls the action the merchant center calls (tousu/merchant_center/views.py),
so the rules and the refusals are the same: 409 ``transition_not_allowed`` when the step is
not possible now, 422 with ``fields`` named after this API's JSON, 404 for a complaint that
is not the caller's shop's. Each answers with the complaint as the merchant sees it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile

from tousu.adjudication import fulfilment, negotiation, reported
from tousu.api import presenters
from tousu.api.schemas import AnswerIn, ComplaintDetailOut, ErrorOut, RefundPaidIn
from tousu.complaints import access, uploads
from tousu.complaints.choices import Channel, Party
from tousu.complaints.errors import ValidationFailed
from tousu.complaints.models import Complaint

router = Router(tags=["merchant"])

# The actions name fields after the merchant center's forms; the API after its JSON.
_API_FIELDS = {"amount": "amount_fen"}
STEP_ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
FILE_ERRORS = {**STEP_ERRORS, 413: ErrorOut}


def _renamed(failure: ValidationFailed) -> ValidationFailed:
    return ValidationFailed({_API_FIELDS.get(k, k): v for k, v in failure.errors.items()})


def _shown(request: HttpRequest, number: str) -> dict:
    return presenters.complaint_detail(access.get_complaint(request.auth, number), request.auth)


def _check_evidence(complaint: Complaint, user, ids: list[int]) -> None:
    """The ids must name evidence the caller's side brought to this complaint."""
    if not ids:
        return
    party = Party.of(access.role_on(user, complaint) or "")
    known = set(
        access.evidence_for(user, complaint)
        .filter(pk__in=ids, party=party)
        .values_list("pk", flat=True)
    )
    if set(ids) - known:
        raise ValidationFailed(
            {"evidence_ids": _("Give the ids of evidence your side uploaded to this complaint.")}
        )


@router.post("/{number}/answer", response={200: ComplaintDetailOut, **STEP_ERRORS})
def answer(request: HttpRequest, number: str, payload: AnswerIn) -> dict:
    """Answer the complaint (status ``waiting_merchant``): ``agree`` to the demand, ``offer``
    an alternative (``remedy``; ``partial_refund`` with ``amount_fen``, at most what was paid)
    or ``reject`` with a ``reason``. ``evidence_ids``: evidence already uploaded with
    ``POST …/evidence`` that backs it (checked to be your side's)."""
    found = access.get_complaint(request.auth, number)
    try:
        _check_evidence(found, request.auth, payload.evidence_ids)
        negotiation.respond(
            found,
            request.auth,
            negotiation.Reply(
                payload.answer,
                remedy=payload.remedy,
                amount_fen=payload.amount_fen or None,
                reason=payload.reason,
            ),
            channel=Channel.APP,
        )
    except ValidationFailed as failure:
        raise _renamed(failure) from None
    return _shown(request, number)


@router.post("/{number}/evidence-response", response={200: ComplaintDetailOut, **FILE_ERRORS})
def evidence_response(
    request: HttpRequest, number: str, file: File[UploadedFile], caption: Form[str] = ""
) -> dict:
    """Answer the platform's evidence request with a file (multipart ``file``, ``caption``):
    409 unless an open request asks your side. Once every party asked has answered, the
    complaint goes back to the platform (status ``intervention``)."""
    found = access.get_complaint(request.auth, number)
    uploads.answer_evidence_request(found, request.auth, file, channel=Channel.APP, caption=caption)
    return _shown(request, number)


@router.post("/{number}/return/received", response={200: ComplaintDetailOut, **STEP_ERRORS})
def return_received(request: HttpRequest, number: str) -> dict:
    """Confirm the returned goods arrived (status ``return_shipped``); the held refund goes out."""
    found = access.get_complaint(request.auth, number)
    fulfilment.confirm_receipt(found, request.auth, channel=Channel.APP)
    return _shown(request, number)


@router.post("/{number}/refund/paid", response={200: ComplaintDetailOut, **STEP_ERRORS})
def refund_paid(request: HttpRequest, number: str, payload: RefundPaidIn) -> dict:
    """Report the refund paid outside the platform (``TOUSU_REFUND_MODE=merchant_reported``):
    ``amount_fen`` must be all the shop owes on the complaint, ``reference`` the payment's
    number. The consumer is then asked to confirm it arrived."""
    found = access.get_complaint(request.auth, number)
    try:
        reported.report_paid(
            found,
            request.auth,
            reference=payload.reference,
            amount_fen=payload.amount_fen,
            channel=Channel.APP,
        )
    except ValidationFailed as failure:
        raise _renamed(failure) from None
    return _shown(request, number)
