"""Delivery adapters, one per medium. Each raises on failure: the outbox retries, except
``notify.errors.Undeliverable``, which it records as undeliverable.

Inbox, e-mail and SMS are this app's own; a channel that delivers (WeChat) registers its
adapter with ``register`` in its AppConfig.ready, so notify never imports a channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import override

from tousu.notify.models import InboxMessage, Medium, Outbox
from tousu.notify.topics import render

log = logging.getLogger("tousu.notify")


class SmsProvider:
    """Interface of an SMS gateway. ``message_id`` lets the gateway drop duplicates."""

    def send(self, phone: str, text: str, message_id: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSmsProvider(SmsProvider):
    """Default provider: writes the SMS to the log instead of sending it."""

    def send(self, phone: str, text: str, message_id: str) -> None:
        log.info("SMS %s to %s: %s", message_id, phone, text)


def sms_provider() -> SmsProvider:
    return import_string(settings.TOUSU_SMS_PROVIDER)()


def _inbox(row: Outbox, title: str, body: str) -> None:
    # Keyed on the outbox row, so a redelivery after a crash does not duplicate it.
    InboxMessage.objects.get_or_create(
        outbox=row,
        defaults=dict(user=row.recipient, complaint=row.complaint, title=title, body=body),
    )


def _email(row: Outbox, title: str, body: str) -> None:
    send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [row.recipient.email], fail_silently=False)


def _sms(row: Outbox, title: str, body: str) -> None:
    sms_provider().send(
        row.recipient.phone, f"【{settings.TOUSU_SMS_SIGNATURE}】{body}", row.dedupe_key
    )


Adapter = Callable[[Outbox, str, str], None]
ADAPTERS: dict[str, Adapter] = {Medium.INBOX: _inbox, Medium.EMAIL: _email, Medium.SMS: _sms}


def register(medium: str, adapter: Adapter) -> None:
    """A channel's delivery adapter for ``medium``: ``adapter(row, title, body)``, raising on failure."""
    ADAPTERS[medium] = adapter


def deliver(row: Outbox) -> None:
    """Send one notification; raises if the medium failed."""
    adapter = ADAPTERS.get(row.medium)
    if adapter is None:
        raise LookupError(f"no adapter for medium {row.medium!r}")
    with override(settings.LANGUAGE_CODE):
        title, body = render(row.topic, row.context)
    adapter(row, title, body)
