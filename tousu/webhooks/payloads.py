"""What a change says: the versioned body of a webhook and of a change-feed item.

Version 1 (docs/webhooks.md#payloads)::

    {"id": 42, "version": 1, "type": "complaint.status_changed",
     "occurred_at": "2026-11-20T10:15:00+08:00",
     "complaint": {"number": …, "status": …, "merchant": {"external_id": …, "shop_name": …}, …},
     "data": {…one shape per type…}}

Bodies carry no personal data of the consumer (no name, phone or address). A field is only
ever added within a version; renaming or removing one, or changing its meaning, is a new
version.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.utils import timezone

VERSION = 1


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in the platform's time zone, to the second (as the REST API writes times)."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def complaint_part(complaint, status: str | None = None) -> dict:
    merchant = complaint.merchant if complaint.merchant_id else None
    return {
        "number": complaint.number,
        "status": status or complaint.status,
        "kind": complaint.kind,
        "category": complaint.category,
        "demand": complaint.demand,
        "amount_fen": complaint.demand_amount_fen,
        "channel": complaint.channel,
        "order_number": complaint.order.number if complaint.order_id else None,
        "merchant": (
            {"external_id": merchant.external_id, "shop_name": merchant.shop_name}
            if merchant
            else None
        ),
        "created_at": iso(complaint.created_at),
    }


def envelope(
    event_type: str, complaint, data: dict, at: datetime, status: str | None = None
) -> dict:
    """A change's payload as stored (``Change.payload``); its id is added when it is sent."""
    return {
        "version": VERSION,
        "type": event_type,
        "occurred_at": iso(at),
        "complaint": complaint_part(complaint, status),
        "data": data,
    }


def document(change) -> dict:
    return {"id": change.pk, **change.payload}


def body(change) -> bytes:
    """The exact bytes sent: the same on every try (keys sorted, compact, UTF-8)."""
    return json.dumps(
        document(change), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()


def status_data(event) -> dict:
    return {
        "transition": event.transition,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor_role": event.actor_role,
        "note": event.body,
    }


def decision_data(event) -> dict:
    data = event.data or {}
    return {
        "outcome": data.get("outcome", ""),
        "grounds": event.body,
        "refund_fen": data.get("refund_fen", 0),
        "compensation_fen": data.get("compensation_fen", 0),
        "return_required": bool(data.get("return_required", False)),
        "shipping_paid_by": data.get("shipping_paid_by", ""),
    }


def message_data(event) -> dict:
    return {"message_id": event.pk, "author_role": event.actor_role, "body": event.body}


def filed_data(event) -> dict:
    return {"description": event.body}


def deadline_data(deadline, reason: str) -> dict:
    return {
        "reason": reason,
        "deadline": {
            "id": deadline.pk,
            "clock": deadline.clock,
            "due_at": iso(deadline.due_at),
            "breached_at": iso(deadline.breached_at),
        },
    }


def refund_data(refund, old: str | None) -> dict:
    return {
        "refund": {
            "id": refund.pk,
            "amount_fen": refund.amount_fen,
            "state": refund.state,
            "previous_state": old,
            "source": refund.source,
            "reference": refund.reference,
            "attempts": refund.attempts,
        }
    }
