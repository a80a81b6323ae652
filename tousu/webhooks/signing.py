"""The signature on every delivery (docs/webhooks.md#verifying-a-delivery).

``X-Tousu-Signature: v1=<hex>`` where ``<hex>`` is HMAC-SHA256, keyed with the
subscription's secret, of ``<X-Tousu-Timestamp>.<raw body>``. Signing the timestamp lets
the receiver refuse an old request replayed later.
"""

from __future__ import annotations

import hashlib
import hmac

SCHEME = "v1"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SCHEME}={mac.hexdigest()}"


def headers(
    secret: str, *, delivery_id: int, event_type: str, timestamp: int, body: bytes
) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Tousu-Webhooks/1",
        "X-Tousu-Event": event_type,
        "X-Tousu-Delivery": str(delivery_id),
        "X-Tousu-Timestamp": str(timestamp),
        "X-Tousu-Signature": signature(secret, timestamp, body),
    }
