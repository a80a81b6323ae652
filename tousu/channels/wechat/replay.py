"""The replay guard of the endpoint: one signed URL carries one message.

A URL (timestamp, nonce, signature) is remembered in the database — the web processes
share nothing else, and the default deployment runs several — until its timestamp falls
outside ``TOUSU_WECHAT_MAX_SKEW``, after which the timestamp check refuses it anyway.
WeChat retries a message it got no answer to, and a retry may reuse the URL: the same
URL with the same message is let through (the dialogue answers it from its reply
cache); with a different message it is refused. Expired rows are purged on insert.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tousu.channels.wechat.dialogue import KEEP_SEEN
from tousu.channels.wechat.models import SeenRequest


def _expiry(sent: int, max_skew: int) -> datetime:
    if not max_skew:
        # The timestamp check is off, so the URL never goes stale: remember it as long
        # as answered messages are remembered.
        return timezone.now() + KEEP_SEEN
    # The timestamp check accepts this URL until ``sent + max_skew``; sent is already
    # known to be within max_skew of now, so this cannot overflow.
    return datetime.fromtimestamp(sent + max_skew, tz=UTC)


def first_use(
    timestamp: str, nonce: str, signature: str, sent: int, message: bytes, max_skew: int
) -> bool:
    """Record the URL; False when it already carried a different message (a replay)."""
    key = hashlib.sha256(f"{timestamp}\n{nonce}\n{signature}".encode()).hexdigest()
    digest = hashlib.sha256(message).hexdigest()
    try:
        with transaction.atomic():
            SeenRequest.objects.create(
                key=key, message_sha256=digest, expires_at=_expiry(sent, max_skew)
            )
    except IntegrityError:  # seen before (maybe by another process a moment ago)
        return SeenRequest.objects.filter(key=key, message_sha256=digest).exists()
    SeenRequest.objects.filter(expires_at__lt=timezone.now()).delete()
    return True
