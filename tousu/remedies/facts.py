"""Facts for the calculator from a complaint's order snapshot (no queries)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tousu.remedies.calculator import Facts

# Complaint categories that point at a quality defect, fraud or unsafe food.
DEFECT_CATEGORIES = frozenset({"quality", "not_as_described"})
FRAUD_CATEGORIES = frozenset({"counterfeit"})
FOOD_SAFETY_CATEGORIES = frozenset({"food_safety"})


def facts_for(complaint, today: date | None = None, **overrides) -> Facts | None:
    """Facts read from the order as it stood at filing; None for a complaint without an order.

    The complaint's category gives a first guess of the flags (a quality complaint: a
    defect; counterfeit: fraud; food safety: unsafe food); the agent confirms or
    corrects them with ``overrides``.
    """
    snap = complaint.order_snapshot
    if not snap:
        return None
    items = snap.get("items") or [{}]
    main = max(items, key=lambda item: item.get("unit_price_fen", 0) * item.get("quantity", 1))
    received = parse_datetime(snap["received_at"]) if snap.get("received_at") else None
    values = dict(
        category=main.get("category", "general"),
        price_fen=int(snap.get("amount_paid_fen", 0)),
        today=today or timezone.localdate(),
        received_on=timezone.localtime(received).date() if received else None,
        defect=complaint.category in DEFECT_CATEGORIES,
        fraud=complaint.category in FRAUD_CATEGORIES,
        food_safety=complaint.category in FOOD_SAFETY_CATEGORIES,
    )
    values.update(overrides)
    return Facts(**values)
