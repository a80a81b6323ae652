"""Linking a WeChat openid to a consumer account: phone number plus a one-time SMS code.

The code is six digits, stored only as an HMAC, valid for a few minutes, with a
limited number of tries; sending is limited per openid and per phone number, per hour
and per 24 hours (``TOUSU_WECHAT_CODES_PER_*``), so the dialogue cannot be used to flood
someone's phone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts import phones
from tousu.accounts.models import Role, User
from tousu.channels.wechat.models import Binding, BindingCode
from tousu.complaints import quotas
from tousu.complaints.errors import when
from tousu.notify.sms import TEMPLATES, sms_provider

log = logging.getLogger("tousu.wechat")


def normalise_phone(text: str) -> str | None:
    """``+86 138-1234-1234`` → ``+8613812341234`` (E.164, as accounts store it); None unless a mobile number."""
    return phones.normalise_mobile(text)


def masked(phone: str) -> str:
    return phones.mask(phone)


def bound_user(openid: str) -> User | None:
    binding = (
        Binding.objects.select_related("user").filter(openid=openid, user__is_active=True).first()
    )
    return binding.user if binding else None


def _hash(openid: str, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"wechat-bind:{openid}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _too_many(openid: str, phone: str, now: datetime) -> datetime | None:
    """When a code may be sent again if one more now would pass a limit, else None.

    Counted per WeChat user (who asks) and per phone number (who receives), never per the
    account the number belongs to: a refusal that depended on it would tell the asker
    whether the number has an account, and an account's codes all go to its number anyway.
    """
    windows = (
        quotas.Window(settings.TOUSU_WECHAT_CODES_PER_HOUR, timedelta(hours=1)),
        quotas.Window(settings.TOUSU_WECHAT_CODES_PER_DAY, timedelta(days=1)),
    )
    times = [
        found[0]
        for rows in (
            BindingCode.objects.filter(openid=openid),
            BindingCode.objects.filter(phone=phone),
        )
        if (found := quotas.next_allowed(rows, "created_at", windows, now)) is not None
    ]
    return max(times, default=None)


@dataclass(frozen=True)
class Sent:
    ok: bool
    message: str


def send_code(openid: str, phone: str) -> Sent:
    """Send a code to ``phone`` if a consumer account has it (the reply is the same either way)."""
    now = timezone.now()
    refused = _too_many(openid, phone, now)
    if refused is not None:
        return Sent(
            False,
            _("Too many codes were requested. Please try again after %(when)s.")
            % {"when": when(refused)},
        )
    user = (
        User.objects.filter(phone=phone, role=Role.CONSUMER, is_active=True).order_by("id").first()
    )
    code = f"{secrets.randbelow(10**6):06d}"
    row = BindingCode.objects.create(
        openid=openid,
        phone=phone,
        user=user,
        code_hash=_hash(openid, code),
        expires_at=now + timedelta(minutes=settings.TOUSU_WECHAT_CODE_MINUTES),
    )
    if user is not None:
        template = TEMPLATES["binding_code"]
        params = template.params({"code": code, "minutes": settings.TOUSU_WECHAT_CODE_MINUTES})
        pending = _pending.get()
        if pending is not None:  # the dialogue sends it once its transaction has committed
            pending.append(_Code(row.pk, phone, params))
        elif not _send(_Code(row.pk, phone, params)):
            return Sent(False, _not_sent())
    return Sent(
        True,
        _(
            "If %(phone)s belongs to an account, we have sent it a 6-digit code by SMS. "
            "Please reply with the code (valid for %(minutes)s minutes)."
        )
        % {"phone": masked(phone), "minutes": settings.TOUSU_WECHAT_CODE_MINUTES},
    )


@dataclass(frozen=True)
class _Code:
    row: int
    phone: str
    params: list[str]


# Codes asked for inside ``sent_after`` wait there: no network call with a transaction open.
_pending: ContextVar[list[_Code] | None] = ContextVar("wechat_binding_codes", default=None)


def _not_sent() -> str:
    return _("We could not send the SMS just now. Please send your number again in a minute.")


def _send(item: _Code) -> bool:
    """Send one code; on a gateway failure forget it (it does not count against the limits)."""
    try:
        sms_provider().send(
            item.phone, TEMPLATES["binding_code"], item.params, f"wechat-bind:{item.row}"
        )
    except Exception:  # noqa: BLE001 - any gateway failure: tell the user, let them retry
        log.exception("binding code SMS to %s failed", masked(item.phone))
        BindingCode.objects.filter(pk=item.row).delete()
        return False
    return True


@contextmanager
def sent_after() -> Iterator[list[str]]:
    """Codes asked for inside the block are sent when it ends — after the transaction inside
    it committed, so the SMS gateway is never called with a transaction open. The list it
    gives holds, afterwards, the message for the user if a code could not be sent."""
    pending: list[_Code] = []
    failures: list[str] = []
    token = _pending.set(pending)
    try:
        yield failures
    finally:
        _pending.reset(token)
    for item in pending:
        if not BindingCode.objects.filter(pk=item.row).exists():
            continue  # its transaction was rolled back: no code to send
        if not _send(item):
            failures.append(_not_sent())


@dataclass(frozen=True)
class Verified:
    user: User | None
    message: str = ""


def verify(openid: str, code: str) -> Verified:
    """Check ``code`` against the latest code sent for ``openid``; binds on success."""
    now = timezone.now()
    row = (
        BindingCode.objects.filter(openid=openid, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.expires_at < now:
        return Verified(
            None, _("This code has expired. Please send your phone number again for a new one.")
        )
    if row.attempts >= settings.TOUSU_WECHAT_CODE_ATTEMPTS:
        return Verified(
            None, _("Too many wrong codes. Please send your phone number again for a new one.")
        )
    BindingCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
    if row.user is None or not hmac.compare_digest(row.code_hash, _hash(openid, code)):
        left = settings.TOUSU_WECHAT_CODE_ATTEMPTS - row.attempts - 1
        if left <= 0:
            return Verified(
                None, _("Too many wrong codes. Please send your phone number again for a new one.")
            )
        return Verified(None, _("That code is not right. Tries left: %(n)s.") % {"n": left})
    BindingCode.objects.filter(pk=row.pk).update(used_at=now)
    Binding.objects.update_or_create(openid=openid, defaults={"user": row.user})
    return Verified(row.user)
