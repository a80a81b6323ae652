"""Every write to a team: create, change, set its members, and pick the next member in turn.

Only supervisors and admins manage teams; a member must be active platform staff.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tousu.accounts.models import PLATFORM_ROLES, Role, User
from tousu.teams.models import Team

MANAGING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def may_manage(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in MANAGING_ROLES


def _require_manager(by: User) -> None:
    if not may_manage(by):
        raise PermissionDenied("only supervisors manage teams")


def _clean_name(name: str, *, team: Team | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the team a name.")})
    if len(name) > 64:
        raise ValidationError({"name": _("A team name has at most 64 characters.")})
    clash = Team.objects.filter(name=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already a team with this name.")})
    return name


def _check_members(members: Iterable[User]) -> list[User]:
    members = list(members)
    for user in members:
        if user.role not in PLATFORM_ROLES or not user.is_active:
            raise ValidationError(
                {"members": _("%(user)s is not customer-service staff.") % {"user": user}}
            )
    return members


@transaction.atomic
def create_team(
    by: User, name: str, *, description: str = "", members: Iterable[User] = ()
) -> Team:
    _require_manager(by)
    team = Team.objects.create(
        name=_clean_name(name), description=" ".join(description.split())[:200]
    )
    team.members.set(_check_members(members))
    return team


@transaction.atomic
def update_team(
    by: User,
    team: Team,
    *,
    name: str,
    description: str = "",
    members: Iterable[User],
    is_active: bool = True,
) -> Team:
    _require_manager(by)
    team = Team.objects.select_for_update().get(pk=team.pk)
    team.name = _clean_name(name, team=team)
    team.description = " ".join(description.split())[:200]
    team.is_active = is_active
    team.save(update_fields=["name", "description", "is_active"])
    team.members.set(_check_members(members))
    return team


def active_members(team: Team) -> list[User]:
    """Who can take the team's complaints now, in a fixed order (the round-robin's)."""
    return list(team.members.filter(is_active=True, role__in=PLATFORM_ROLES).order_by("pk"))


@transaction.atomic
def next_in_turn(team: Team) -> User | None:
    """The member after the one who got the team's last complaint (None: nobody to give it to).

    The team row is locked, so two complaints given at once go to two different members.
    """
    team = Team.objects.select_for_update().get(pk=team.pk)
    members = active_members(team)
    if not members:
        return None
    after = [
        m for m in members if team.last_assignee_id is not None and m.pk > team.last_assignee_id
    ]
    chosen = after[0] if after else members[0]
    team.last_assignee = chosen
    team.save(update_fields=["last_assignee"])
    return chosen
