"""Writes about people that are not Django auth's own: the logged reveal of a phone number."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tousu.accounts.models import PhoneReveal, User
from tousu.accounts.phones import display


@transaction.atomic
def reveal_phone(viewer: User, subject: User, *, complaint=None, reason: str = "", where: str = "") -> str:
    """The full number of ``subject`` for platform staff, logged (who, whose, when, why).

    Everyone else is refused: merchants and consumers only ever see masked numbers.
    """
    if not viewer.is_authenticated or not viewer.is_platform_staff:
        raise PermissionDenied("only platform staff may see a full phone number")
    if not subject.phone:
        return ""
    PhoneReveal.objects.create(viewer=viewer, subject=subject, complaint=complaint,
                               reason=reason.strip()[:200], where=where[:32])
    return display(subject.phone)
