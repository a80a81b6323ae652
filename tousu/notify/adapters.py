"""Delivery adapters, one per medium. Each raises on failure: the outbox retries, except
``notify.errors.Undeliverable``, which it records as undeliverable.

Inbox, e-mail and SMS are this app's own; a channel that delivers (WeChat) registers its
adapter with ``register`` in its AppConfig.ready, with the question whether a person can
be reached on it (the rules ask it before queueing), so notify never imports a channel.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import override

from tousu.accounts.models import User
from tousu.notify import sms
from tousu.notify.errors import Undeliverable
from tousu.notify.models import InboxMessage, Medium, Outbox, UndeliveredReason

# The dotted paths the settings name (TOUSU_SMS_PROVIDER's default) stay valid here.
from tousu.notify.sms import LoggingSmsProvider, SmsProvider, sms_provider  # noqa: F401
from tousu.notify.topics import render


def _inbox(row: Outbox, title: str, body: str) -> None:
    # Keyed on the outbox row, so a redelivery after a crash does not duplicate it.
    InboxMessage.objects.get_or_create(
        outbox=row,
        defaults=dict(user=row.recipient, complaint=row.complaint, title=title, body=body),
    )


def _email(row: Outbox, title: str, body: str) -> None:
    send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [row.recipient.email], fail_silently=False)


def _sms(row: Outbox, title: str, body: str) -> None:
    """The topic's registered template with its parameters (tousu.notify.sms), not the text."""
    if row.topic not in sms.TEMPLATES:
        raise Undeliverable(UndeliveredReason.NOT_CONFIGURED, f"no SMS template for {row.topic}")
    sms.send(row.recipient.phone, row.topic, row.context, row.dedupe_key)


Adapter = Callable[[Outbox, str, str], None]
ADAPTERS: dict[str, Adapter] = {Medium.INBOX: _inbox, Medium.EMAIL: _email, Medium.SMS: _sms}
# Whether a person can be reached on a channel's medium (a WeChat follower bound to the account).
REACHES: dict[str, Callable[[User], bool]] = {}


def register(medium: str, adapter: Adapter, reaches: Callable[[User], bool] | None = None) -> None:
    """A channel's delivery adapter for ``medium``: ``adapter(row, title, body)``, raising on
    failure; ``reaches(user)`` says whether ``user`` has an address on it."""
    ADAPTERS[medium] = adapter
    if reaches is not None:
        REACHES[medium] = reaches


def reaches(user: User, medium: str) -> bool:
    """Whether ``user`` can be reached on a channel's ``medium`` (False if no channel says so)."""
    check = REACHES.get(medium)
    return check is not None and check(user)


def deliver(row: Outbox) -> None:
    """Send one notification; raises if the medium failed."""
    adapter = ADAPTERS.get(row.medium)
    if adapter is None:
        raise LookupError(f"no adapter for medium {row.medium!r}")
    with override(settings.LANGUAGE_CODE):
        title, body = render(row.topic, row.context)
    adapter(row, title, body)
