"""People and their roles, plus API bearer tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from tousu import rawsql
from tousu.accounts.phones import try_normalise, validate_phone


class Role(models.TextChoices):
    CONSUMER = "consumer", _("Consumer")
    MERCHANT = "merchant", _("Merchant staff")
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


PLATFORM_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CONSUMER)
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    # E.164 (+8613812341234): see tousu/accounts/phones.py. Shown masked to whoever
    # does not need it; staff reveal it through accounts.actions.reveal_phone (logged).
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, db_index=True, validators=[validate_phone]
    )
    # Raised by accounts.actions.sign_out_everywhere: part of the session hash, so every web
    # session signed in before it ends (0 keeps Django's own hash).
    session_epoch = models.PositiveIntegerField(_("session epoch"), default=0, editable=False)

    def save(self, *args, **kwargs):
        if self.phone:
            self.phone = try_normalise(self.phone) or self.phone
        password_changed = self._password is not None  # set_password() since the last save
        super().save(*args, **kwargs)
        if self.pk and (password_changed or not self.is_active):
            # A new password or a deactivated account ends every API session at once
            # (web sessions end through the session auth hash, or the login check).
            self.api_tokens.all().delete()

    def _get_session_auth_hash(self, secret=None) -> str:
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "tousu.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_platform_staff(self) -> bool:
        """Agents, supervisors and admins: the platform's own customer service."""
        return self.role in PLATFORM_ROLES

    @property
    def is_merchant_staff(self) -> bool:
        return self.role == Role.MERCHANT

    @property
    def is_consumer(self) -> bool:
        return self.role == Role.CONSUMER

    def __str__(self) -> str:
        return self.display_name or self.username


class PhoneReveal(models.Model):
    """A member of staff saw someone's full phone number: who, whose, when and why."""

    viewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("viewer")
    )
    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("whose number")
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    where = models.CharField(_("where"), max_length=32, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("phone number access")
        verbose_name_plural = _("phone number accesses")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "at"], name="phone_reveal_subject_at")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The access log is append-only")
        super().save(*args, **kwargs)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the app API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    @classmethod
    def issue(cls, user: User, expires_at) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, key_hash=_hash_token(raw), expires_at=expires_at), raw

    @classmethod
    def owner_of(cls, raw: str, now) -> User | None:
        """The active user whose unexpired token ``raw`` is, with the token's id as
        ``api_token_pk``; None for anything else. Every API call asks: one plain query
        (``tousu.rawsql``), about a fifth of the ORM's cost for the same join."""
        found = User.objects.raw(_OWNER_SQL, [_hash_token(raw), rawsql.moment(now)])
        return next(iter(found), None)


_OWNER_SQL = (
    f"SELECT u.*, t.id AS api_token_pk FROM {User._meta.db_table} u "  # noqa: S608
    f"JOIN {ApiToken._meta.db_table} t ON t.user_id = u.id "
    "WHERE t.key_hash = %s AND t.expires_at > %s AND u.is_active"
)
