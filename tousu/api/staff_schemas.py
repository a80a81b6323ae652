"""Shapes only platform staff receive: the staff block of a complaint and the queue's rows.

Kept apart from ``schemas.py`` so the staff additions stay in one place; ``schemas.py``
hangs ``StaffFieldsOut`` on the complaint detail as ``staff`` (null for everyone else).
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from ninja import Field, Schema

from tousu.api.enums import choice
from tousu.complaints.choices import Category, Priority
from tousu.sla.models import Clock, DeadlineState

PriorityValue = choice(Priority)


class StaffMemberOut(Schema):
    username: str
    display_name: str


class TeamOut(Schema):
    id: int = Field(..., description="Pass as `team` to the queue or to `POST …/team`")
    name: str
    is_active: bool = Field(..., description="An inactive team takes no new complaints")


class ConsumerOut(Schema):
    username: Optional[str] = Field(
        ..., description="Platform staff only (null in the shop's view): the consumer's login"
    )
    display_name: str
    phone_masked: str = Field(
        ...,
        description="Masked as on the desk (138****1234); the full number only through the "
        "desk's logged reveal",
        examples=["138****1234"],
    )


class DeadlineOut(Schema):
    """One running clock of the complaint, as the desk lists them (docs/sla.md)."""

    clock: choice(Clock)
    clock_label: str
    state: choice(DeadlineState)
    state_label: str
    started_at: datetime
    due_at: Optional[datetime] = Field(
        None, description="Null while paused or when it could not be computed"
    )
    time_left: str = Field(
        ..., description='Rounded down; "overdue by …" once passed; empty without `due_at`'
    )
    due_local: str
    overdue: bool = Field(..., description="Breached, or past due and not swept yet")


class TriageOut(Schema):
    category: choice(Category)
    category_label: str
    urgent: bool = Field(..., description="A safety or health risk was found in the text")
    method: str = Field(..., description='"rules" or "model" (docs/triage.md)')
    model_version: str


class StaffFieldsOut(Schema):
    consumer: ConsumerOut
    assignee: Optional[StaffMemberOut]
    team: Optional[TeamOut] = Field(..., description="The team whose queue it is in (null: none)")
    priority: PriorityValue
    priority_label: str
    deadlines: list[DeadlineOut] = Field(..., description="Every running clock, soonest first")
    triage: Optional[TriageOut] = Field(
        None, description="What the triage suggested when it was filed (null: none)"
    )
