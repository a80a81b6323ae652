"""The agent's steps on one complaint, for platform staff tokens (docs/api.md#for-platform-staff).

Each endpoint parses its body and calls the action the desk calls — ``actions.assign``,
``actions.set_priority``, ``actions.set_category``, ``actions.transition``, ``decisions.request_evidence``,
``decisions.decide``, ``reported.settle``, ``routing.route_to_team`` and
``routing.assign_in_turn`` — so the rules and the errors are the desk's: a
step not possible now is 409 ``transition_not_allowed`` with the desk's reason, a missing
or wrong field 422 with ``fields`` named after the JSON. Anyone but platform staff is
refused with 403 before the complaint is looked up, so nothing about it is revealed.
Replies and internal notes are ``POST …/messages`` (``tousu/api/conversation.py``).
"""

from __future__ import annotations

from typing import Literal, Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthorizationError

from tousu.accounts.models import User
from tousu.adjudication import decisions, reported
from tousu.adjudication.models import Outcome, Penalty, ShippingPayer
from tousu.api import pagination, presenters
from tousu.api.agent_queue import QueuePage
from tousu.api.enums import choice
from tousu.api.errors import ApiError
from tousu.api.schemas import MAX_FEN, ComplaintDetailOut, ErrorOut
from tousu.api.staff_schemas import PriorityValue
from tousu.complaints import access, actions, routing
from tousu.complaints.choices import Category, Channel
from tousu.complaints.errors import ValidationFailed
from tousu.complaints.models import Complaint
from tousu.teams.models import Team

router = Router(tags=["agent"])

ME = "me"
STEP_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STEP = {200: ComplaintDetailOut, **STEP_ERRORS}


class AssignIn(Schema):
    assignee: Optional[str] = Field(
        ...,
        max_length=150,
        description='A staff member\'s username, "me", or null to return it to the queue',
        examples=["me"],
    )


class TeamIn(Schema):
    team: Optional[int] = Field(
        ...,
        strict=True,
        ge=1,
        description="The team's id (`staff.team.id`), or null to take it out of its team",
        examples=[1],
    )
    in_turn: bool = Field(
        False,
        strict=True,
        description="Also give it to the team's next member in turn (按团队轮流分派); "
        "with no active member it waits in the team's queue, unassigned",
    )


class PriorityIn(Schema):
    priority: PriorityValue = Field(
        ..., description="1 low, 2 normal, 3 high, 4 urgent", examples=[3]
    )


class CategoryIn(Schema):
    category: choice(Category) = Field(
        ..., description="The category it really belongs to", examples=["food_safety"]
    )


class NoteIn(Schema):
    note: str = Field(
        "", description="Why; required by the steps that need a reason (422 `fields.note`)"
    )


class EvidenceRequestIn(Schema):
    party: Literal[decisions.PARTIES] = Field(
        ..., description="Whom to ask: consumer, merchant or both"
    )
    note: str = Field(
        ...,
        description="What is needed; the deadline is the SLA evidence clock (`staff.deadlines`)",
    )


Fen = Field(0, strict=True, ge=0, le=MAX_FEN, description="In fen (a JSON integer)")


class DecisionIn(Schema):
    """The desk's decision form, amounts in fen."""

    outcome: Literal[tuple(Outcome.values)]
    grounds: str = Field(..., description="Both parties see them")
    refund_fen: int = Fen
    return_required: bool = False
    shipping_paid_by: Literal[tuple(ShippingPayer.values)] = Field(
        "", description="Who pays the return shipping, when goods must be returned"
    )
    compensation_fen: int = Fen
    compensation_basis: str = Field("", description="The legal basis, required with compensation")
    penalty: Literal[tuple(Penalty.values)] = Penalty.NONE.value
    penalty_fen: int = Field(
        0, strict=True, ge=0, le=MAX_FEN, description="Deducted from the deposit, in fen"
    )
    loss_fen: int = Field(
        0,
        strict=True,
        ge=0,
        le=MAX_FEN,
        description="The proven loss compensated in addition (unsafe food), in fen",
    )


class SettlementIn(Schema):
    paid: bool = Field(..., description="True: the refund is paid; false: the merchant owes it")
    note: str = ""


def _staff_complaint(request: HttpRequest, number: str) -> Complaint:
    """The complaint for a platform staff token; 403 for anyone else."""
    if not access.is_platform_staff(request.auth):
        raise AuthorizationError()
    return access.get_complaint(request.auth, number)


def _detail(request: HttpRequest, number: str) -> dict:
    found = access.get_complaint(request.auth, number)
    return presenters.complaint_detail(found, request.auth)


def _assignee(me: User, value: str | None) -> User | None:
    if value is None:
        return None
    if value == ME:
        return me
    found = access.assignable_staff().filter(username=value).first()
    if found is None:
        raise ValidationFailed(
            {"assignee": _("Please choose a member of the customer-service staff.")}
        )
    return found


@router.post("/{number}/assign", response=STEP)
def assign(request: HttpRequest, number: str, payload: AssignIn) -> dict:
    """Assign to a staff member (username), to yourself (``"me"``), or back to the queue (null)."""
    found = _staff_complaint(request, number)
    who = _assignee(request.auth, payload.assignee)
    actions.assign(found, request.auth, who, channel=Channel.APP)
    return _detail(request, number)


def _team(payload: TeamIn) -> Team | None:
    if payload.team is None:
        if payload.in_turn:
            raise ValidationFailed({"in_turn": _("Choose a team to give the complaint in turn.")})
        return None
    found = Team.objects.filter(pk=payload.team).first()
    if found is None:
        raise ApiError(404, "team_not_found", _("There is no such team."))
    return found


@router.post("/{number}/team", response=STEP)
def set_team(request: HttpRequest, number: str, payload: TeamIn) -> dict:
    """Put it in a team's queue (``team`` null: in no team's); with ``in_turn`` also give it
    to the team's next member in turn. An inactive team is 409, an unknown one 404."""
    found = _staff_complaint(request, number)
    team = _team(payload)
    if payload.in_turn and team is not None:
        routing.assign_in_turn(found, request.auth, team, channel=Channel.APP)
    else:
        routing.route_to_team(found, request.auth, team, channel=Channel.APP)
    return _detail(request, number)


@router.post("/{number}/priority", response=STEP)
def set_priority(request: HttpRequest, number: str, payload: PriorityIn) -> dict:
    """Change the priority; the deadlines follow the SLA policy for it."""
    found = _staff_complaint(request, number)
    actions.set_priority(found, request.auth, payload.priority, channel=Channel.APP)
    return _detail(request, number)


@router.post("/{number}/category", response=STEP)
def set_category(request: HttpRequest, number: str, payload: CategoryIn) -> dict:
    """Put it in another category (an internal timeline entry; the deadlines follow the SLA
    policy for it, and a category other than the triage's suggestion is recorded as a
    correction the triage learns from)."""
    found = _staff_complaint(request, number)
    actions.set_category(found, request.auth, payload.category, channel=Channel.APP)
    return _detail(request, number)


def _transition(request: HttpRequest, number: str, name: str, note: str) -> dict:
    found = _staff_complaint(request, number)
    actions.transition(found, request.auth, name, channel=Channel.APP, note=note)
    return _detail(request, number)


@router.post("/{number}/forward", response=STEP)
def forward(request: HttpRequest, number: str, payload: Optional[NoteIn] = None) -> dict:
    """Ask the merchant to respond (from ``acknowledged``); the merchant's clock starts."""
    return _transition(request, number, "forward_to_merchant", payload.note if payload else "")


@router.post("/{number}/close", response=STEP)
def close(request: HttpRequest, number: str, payload: NoteIn) -> dict:
    """Close with a note (``note`` required)."""
    return _transition(request, number, "close", payload.note)


@router.post("/{number}/transitions/{name}", response=STEP)
def take_step(
    request: HttpRequest, number: str, name: str, payload: Optional[NoteIn] = None
) -> dict:
    """Any plain step the desk offers staff as a button (``actions`` of the detail):
    acknowledge, forward_to_merchant, intervene, evidence_complete, close, not_accept,
    reopen, escalate. A step with data (a decision, an evidence request, a settlement) has
    its own endpoint and is refused here with 409."""
    return _transition(request, number, name, payload.note if payload else "")


@router.post("/{number}/evidence-request", response=STEP)
def request_evidence(request: HttpRequest, number: str, payload: EvidenceRequestIn) -> dict:
    """Ask the consumer, the merchant or both for evidence (from ``intervention``)."""
    found = _staff_complaint(request, number)
    decisions.request_evidence(
        found, request.auth, payload.party, payload.note, channel=Channel.APP
    )
    return _detail(request, number)


@router.post("/{number}/decision", response=STEP)
def decide(request: HttpRequest, number: str, payload: DecisionIn) -> dict:
    """Decide (裁决) from ``intervention``: for the consumer, fulfilment starts at once (the
    refund instruction, held until the goods are back when they must be returned); rejected,
    the consumer is asked to confirm."""
    found = _staff_complaint(request, number)
    ruling = decisions.Ruling(**payload.dict())
    decisions.decide(found, request.auth, ruling, channel=Channel.APP)
    return _detail(request, number)


@router.post("/{number}/refund-settlement", response=STEP)
def settle_refund(request: HttpRequest, number: str, payload: SettlementIn) -> dict:
    """Settle a refund the consumer says has not arrived: paid, or owed again by the merchant."""
    found = _staff_complaint(request, number)
    reported.settle(found, request.auth, paid=payload.paid, note=payload.note, channel=Channel.APP)
    return _detail(request, number)


@router.get(
    "/{number}/consumer-complaints",
    response={200: QueuePage, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def consumer_complaints(request: HttpRequest, number: str, cursor: Optional[str] = None) -> dict:
    """The same consumer's other complaints, from every channel, newest first."""
    found = _staff_complaint(request, number)
    rows = (
        access.complaints_for(request.auth)
        .filter(consumer_id=found.consumer_id)
        .exclude(pk=found.pk)
        .select_related("order", "merchant", "consumer", "assignee", "team")
    )
    page, next_cursor = pagination.page(rows, pagination.NEWEST, cursor)
    return {"items": [presenters.queue_item(c) for c in page], "next_cursor": next_cursor}
