"""``POST /api/v1/import/cases`` and ``GET /api/v1/export/replies`` (administrator tokens only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthorizationError

from tousu.api.enums import choice
from tousu.api.imports import RowErrorOut
from tousu.api.schemas import ErrorOut
from tousu.complaints import access
from tousu.complaints.choices import EventKind
from tousu.complaints.workflow import Status as ComplaintStatus
from tousu.external import exporter
from tousu.external.importer import import_cases
from tousu.external.models import Source

imports = Router(tags=["import"])
exports = Router(tags=["export"])


def _admin_only(request: HttpRequest) -> None:
    if not access.may_import(request.auth):
        raise AuthorizationError()


class CasesIn(Schema):
    source: Source = Field(
        ..., description="Where the cases come from: 12315, regulator or blackcat."
    )
    cases: list[dict[str, Any]] = Field(
        ...,
        description="One object per case: external_id, received_at, consumer_phone, consumer_name, merchant "
        "(legal name or shop name), order_number, category, demand, amount (yuan), description.",
    )


class CasesReportOut(Schema):
    created: int
    already_imported: int
    consumers_created: int
    errors: list[RowErrorOut]


class CasesRejectedOut(CasesReportOut):
    code: str
    message: str


@imports.post(
    "/cases", response={200: CasesReportOut, 401: ErrorOut, 403: ErrorOut, 422: CasesRejectedOut}
)
def import_case_batch(
    request: HttpRequest, payload: CasesIn, dry_run: Optional[bool] = False
) -> Status:
    """File a batch of external cases in one transaction; any invalid row rejects the whole batch.

    Cases already imported (same source and external_id) are left unchanged and counted.
    """
    _admin_only(request)
    report = import_cases(payload.cases, str(payload.source), dry_run=bool(dry_run))
    if not report.ok:
        return Status(
            422,
            {
                "code": "import_rejected",
                "message": _("Nothing was imported: %(n)s rows need correcting.")
                % {"n": len(report.errors)},
                **report.as_dict(),
            },
        )
    return Status(200, report.as_dict())


class ReplyOut(Schema):
    at: str
    role: str = Field(
        ..., description="Who wrote it: consumer, merchant, agent, supervisor, admin or system"
    )
    kind: choice(EventKind)
    transition: str
    text: str


class CaseRepliesOut(Schema):
    external_id: str
    complaint_number: str
    status: choice(ComplaintStatus)
    replies: list[ReplyOut]
    closed_at: str


@exports.get("/replies", response={200: list[CaseRepliesOut], 401: ErrorOut, 403: ErrorOut})
def export_replies(request: HttpRequest, source: Source, since: Optional[datetime] = None):
    """The platform's public replies and decisions on each case of ``source``, oldest case first."""
    _admin_only(request)
    return list(exporter.rows(str(source), since))
