"""Facts for the calculator from a complaint: its order snapshot and the lines it is about."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from tousu.remedies.calculator import Facts, Line

# Complaint categories that point at a quality defect, fraud or unsafe food.
DEFECT_CATEGORIES = frozenset({"quality", "not_as_described"})
FRAUD_CATEGORIES = frozenset({"counterfeit"})
FOOD_SAFETY_CATEGORIES = frozenset({"food_safety"})


def line(row) -> Line:
    """A ``ComplaintLine`` (or anything with its fields) as a calculator line."""
    return Line(
        category=row.category,
        price_fen=row.unit_price_fen * row.quantity,
        product_kind=row.product_kind,
        name=row.product_name,
        quantity=row.quantity,
        item_id=row.order_item_id,
    )


def facts_for(
    complaint, today: date | None = None, lines: Iterable | None = None, **overrides
) -> Facts | None:
    """Facts read from the order as it stood at filing; None for a complaint without an order.

    ``lines`` are the lines concerned (default: the complaint's own ``lines``); without any
    the whole order is the basis, as for complaints filed before lines were chosen: the
    main line's category and kind, the amount paid. The complaint's category gives a first
    guess of the flags (a quality complaint: a defect; counterfeit: fraud; food safety:
    unsafe food); the agent confirms or corrects them with ``overrides``.
    """
    snap = complaint.order_snapshot
    if not snap:
        return None
    if lines is None:
        lines = complaint.lines.all() if getattr(complaint, "pk", None) else ()
    chosen = tuple(line(row) for row in lines)
    items = snap.get("items") or [{}]
    main = max(items, key=lambda item: item.get("unit_price_fen", 0) * item.get("quantity", 1))
    received = parse_datetime(snap["received_at"]) if snap.get("received_at") else None
    values = dict(
        category=main.get("category", "general"),
        product_kind=main.get("product_kind", ""),
        price_fen=int(snap.get("amount_paid_fen", 0)),
        lines=chosen,
        today=today or timezone.localdate(),
        received_on=timezone.localtime(received).date() if received else None,
        invoice_date=parse_date(snap["invoice_date"]) if snap.get("invoice_date") else None,
        defect=complaint.category in DEFECT_CATEGORIES,
        fraud=complaint.category in FRAUD_CATEGORIES,
        food_safety=complaint.category in FOOD_SAFETY_CATEGORIES,
    )
    values.update(overrides)
    return Facts(**values)
