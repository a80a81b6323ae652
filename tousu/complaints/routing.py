"""Putting a complaint in a team's queue, and giving it to the team's next member in turn.

Both are actions like those in ``tousu.complaints.actions``: one transaction, the
complaint locked, the change on the timeline (internal: consumers and merchants never
see which team holds their complaint).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints.access import is_platform_staff
from tousu.complaints.actions import assign, lock, record
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.teams.actions import next_in_turn
from tousu.teams.models import Team


@transaction.atomic
def route_to_team(
    complaint: Complaint, by: User | None, team: Team | None, *, channel: str = Channel.DESK
) -> Complaint:
    """Put the complaint in ``team``'s queue (None: in no team's); ``by`` None is the system."""
    complaint = lock(complaint)
    if by is not None and not is_platform_staff(by):
        raise TransitionNotAllowed(_("Only customer-service staff choose a complaint's team."))
    if team is not None and not team.is_active:
        raise TransitionNotAllowed(_("This team is no longer active."))
    if complaint.team_id == (team.pk if team else None):
        return complaint
    complaint.team = team
    complaint.save(update_fields=["team", "updated_at"])
    record(
        complaint,
        EventKind.TEAM,
        by,
        channel,
        internal=True,
        data={"team": team.name if team else None},
    )
    return complaint


@transaction.atomic
def assign_in_turn(
    complaint: Complaint, by: User | None, team: Team, *, channel: str = Channel.DESK
) -> Complaint:
    """Put the complaint in ``team``'s queue and give it to the team's next member in turn.

    With no active member the complaint waits in the team's queue, unassigned.
    """
    complaint = route_to_team(complaint, by, team, channel=channel)
    member = next_in_turn(team)
    if member is None:
        return complaint
    return assign(complaint, by, member, channel=channel)
