"""Writes about people that are not Django auth's own: the logged reveal of a phone number."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tousu.accounts.identity import consumers_with_phone
from tousu.accounts.models import PhoneReveal, Role, User
from tousu.accounts.phones import display, mask, normalise


@transaction.atomic
def reveal_phone(
    viewer: User, subject: User, *, complaint=None, reason: str = "", where: str = ""
) -> str:
    """The full number of ``subject`` for platform staff, logged (who, whose, when, why).

    Everyone else is refused: merchants and consumers only ever see masked numbers. The
    reason is required, in the viewer's words (ValidationError without one); supervisors
    read the log on the desk (tousu/desk/reveals.py).
    """
    if not viewer.is_authenticated or not viewer.is_platform_staff:
        raise PermissionDenied("only platform staff may see a full phone number")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            _("Write why you need the full number: every view is logged with its reason."),
            code="reason_required",
        )
    if not subject.phone:
        return ""
    PhoneReveal.objects.create(
        viewer=viewer, subject=subject, complaint=complaint, reason=reason[:200], where=where[:32]
    )
    return display(subject.phone)


@transaction.atomic
def sign_out_everywhere(user: User) -> None:
    """End every web session and revoke every API token of ``user``, on every device."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    user.api_tokens.all().delete()


@transaction.atomic
def create_phone_account(agent: User, e164: str, display_name: str = "") -> User:
    """A consumer account for a caller who has none, created explicitly by an agent on the phone desk.

    The caller's number (from the telephone network) is its proof; the account has no
    password until the consumer sets one. If a consumer already has the number, that
    account is returned instead: one number, one identity.
    """
    if not agent.is_platform_staff:
        raise PermissionDenied("only platform staff may create accounts for callers")
    e164 = normalise(e164)
    existing = consumers_with_phone(e164).first()
    if existing is not None:
        return existing
    user = User(
        username=f"tel{e164.lstrip('+')}",
        role=Role.CONSUMER,
        phone=e164,
        display_name=(display_name.strip() or mask(e164))[:64],
    )
    user.set_unusable_password()
    user.save()
    return user
