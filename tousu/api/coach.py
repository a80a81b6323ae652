"""The writing coach for the app channel: text in, findings out. It never files anything."""

from typing import Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from tousu.api.enums import choice
from tousu.api.errors import ApiError
from tousu.api.schemas import MAX_FEN, ErrorOut
from tousu.coach.analysis import analyse
from tousu.complaints.choices import Category, Demand

router = Router(tags=["coach"])


class CoachIn(Schema):
    description: str = Field(..., max_length=5000, examples=["你们这些骗子！耳机坏了。"])
    category: choice(Category, blank=True) = Field(
        "", description="A complaint category, e.g. quality", examples=["quality"]
    )
    demand: choice(Demand, blank=True) = Field(
        "",
        description="A demand, e.g. return_refund; blank if not chosen yet",
        examples=["return_refund"],
    )
    amount_fen: Optional[int] = Field(
        None,
        strict=True,
        ge=0,
        le=MAX_FEN,
        description="Amount asked for, in fen",
        examples=[29900],
    )
    order_number: str = Field("", max_length=64, examples=["202611200001"])
    evidence_count: int = Field(
        0, ge=0, le=1000, description="How many evidence files are attached"
    )


class FindingOut(Schema):
    code: str = Field(
        ...,
        description="too_long, missing_order_number, missing_date, missing_promise_vs_received, "
        "missing_amount, exaggeration, insult, threat, empty, no_demand, no_amount, "
        "no_evidence",
    )
    severity: str = Field(..., description="advice or warning; neither blocks filing")
    message: str = Field(..., description="What the coach noticed, in the caller's language")
    suggestion: str = Field(..., description="A concrete way to improve the text")
    words: list[str] = Field(..., description="The words that triggered the finding, if any")


class CoachOut(Schema):
    findings: list[FindingOut]


@router.post("", response={200: CoachOut, 401: ErrorOut, 422: ErrorOut})
def coach(request: HttpRequest, payload: CoachIn) -> dict:
    """Advice on a complaint being written (any signed-in user). Advisory only: filing never depends on it."""
    fields = {}
    if payload.category and payload.category not in Category.values:
        fields["category"] = _("Please choose a valid option.")
    if payload.demand and payload.demand not in Demand.values:
        fields["demand"] = _("Please choose a valid option.")
    if fields:
        raise ApiError(422, "validation_failed", _("Some fields need your attention."), fields)
    findings = analyse(
        payload.description,
        category=payload.category,
        demand=payload.demand,
        amount_fen=payload.amount_fen,
        order_number=payload.order_number,
        evidence_count=payload.evidence_count,
    )
    return {"findings": [f.as_dict() for f in findings]}
