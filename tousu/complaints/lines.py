"""The order lines a complaint is about: checking the consumer's choice and keeping it.

A consumer chooses the item(s) and the quantity concerned (web form, API, WeChat); the
refund cap and the bases of the remedies come from those lines. Without a choice the
complaint is about the whole order, as before lines could be chosen.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.complaints.choices import REFUND_DEMANDS
from tousu.complaints.models import Complaint, ComplaintLine
from tousu.orders.models import Order, OrderItem

Picked = list[tuple[OrderItem, int]]


def choose(order: Order | None, chosen: Sequence[tuple[int, int]]) -> tuple[Picked, str]:
    """The order's lines for ``chosen`` ``(item id, quantity)`` pairs, or an error message.

    An item that is not in this order (another consumer's, another order's, unknown) is
    refused the same way, so nothing is revealed about other orders.
    """
    if not chosen:
        return [], ""
    if order is None:
        return [], _("Items can only be chosen together with an order.")
    items = {item.pk: item for item in order.items.all()}
    picked: Picked = []
    for item_id, quantity in chosen:
        item = items.get(item_id)
        if item is None:
            return [], _("Item %(id)s is not in order %(number)s.") % {
                "id": item_id,
                "number": order.number,
            }
        if any(seen.pk == item.pk for seen, _quantity in picked):
            return [], _("“%(name)s” is chosen twice; choose each item once with its quantity.") % {
                "name": item.product_name
            }
        if quantity < 1:
            return [], _("Choose at least 1 of “%(name)s”.") % {"name": item.product_name}
        if quantity > item.quantity:
            return [], _("You ordered %(ordered)s of “%(name)s”; choose at most %(ordered)s.") % {
                "ordered": item.quantity,
                "name": item.product_name,
            }
        picked.append((item, quantity))
    return picked, ""


def paid_for(order: Order, picked: Picked) -> int:
    """What was paid for the chosen quantities (never more than the order's total); the
    whole order when nothing was chosen."""
    if not picked:
        return order.amount_paid_fen
    return min(
        sum(item.unit_price_fen * quantity for item, quantity in picked), order.amount_paid_fen
    )


def refund_above_paid(
    order: Order | None, picked: Picked, demand: str, amount_fen: int | None
) -> str:
    """Why a refund demand asks too much — more than was paid for the chosen items — or ''."""
    if amount_fen is None or order is None or demand not in REFUND_DEMANDS:
        return ""
    paid = paid_for(order, picked)
    if amount_fen <= paid:
        return ""
    return (
        _("A refund cannot exceed the %(paid)s yuan you paid for the chosen items.")
        if picked
        else _("A refund cannot exceed the %(paid)s yuan you paid.")
    ) % {"paid": f"{paid / 100:.2f}"}


def keep(complaint: Complaint, picked: Picked) -> None:
    """Copy the chosen lines onto the complaint (the order's lines may be re-imported later)."""
    ComplaintLine.objects.bulk_create(
        ComplaintLine(
            complaint=complaint,
            order_item=item,
            product_name=item.product_name,
            sku=item.sku,
            category=item.category,
            product_kind=item.product_kind,
            unit_price_fen=item.unit_price_fen,
            quantity=quantity,
            ordered_quantity=item.quantity,
        )
        for item, quantity in picked
    )


def as_data(picked: Picked) -> list[dict]:
    """The choice as it is recorded on the timeline's "filed" event."""
    return [
        {"item": item.pk, "product_name": item.product_name, "quantity": quantity}
        for item, quantity in picked
    ]


def parse(pairs: Iterable[tuple[object, object]]) -> tuple[list[tuple[int, int]], str]:
    """Text or numbers from a form or a chat → ``(item id, quantity)`` pairs, or an error."""
    out = []
    for item_id, quantity in pairs:
        try:
            out.append((int(str(item_id).strip()), int(str(quantity).strip())))
        except ValueError:
            return [], _("Enter the quantity as a whole number.")
    return out, ""


def paid_on(complaint: Complaint) -> int | None:
    """The most a refund on this complaint may be: what was paid for its lines (never more
    than the order's total), or the whole order without lines; None without an order."""
    paid = (complaint.order_snapshot or {}).get("amount_paid_fen")
    rows = list(complaint.lines.all())
    if paid is None or not rows:
        return paid
    return min(sum(row.paid_fen for row in rows), paid)


def from_reply(text: str, item_ids: Sequence[int]) -> tuple[list[tuple[int, int]], str]:
    """A chat reply naming lines by their place in a list: "1", "1 3", "2x2" (two of line 2),
    "1×2、3" → ``(item id, quantity)`` pairs; a line without a quantity is all of it (0)."""
    pairs = []
    for token in re.split(r"[\s,，、;；]+", text.strip()):
        found = re.fullmatch(r"(\d+)(?:\s*[x×X*]\s*(\d+))?", token)
        if not found or not 1 <= int(found[1]) <= len(item_ids):
            return [], _(
                "Reply with the numbers of the items in the list, such as 1 or 1 3, and 2x2 for two of "
                "item 2; or 0 for the whole order."
            )
        pairs.append((item_ids[int(found[1]) - 1], int(found[2]) if found[2] else 0))
    return pairs, ""


def is_old(paid_at: datetime | None) -> bool:
    """Paid longer ago than the records the platform must keep (E-Commerce Law Art. 31): the
    complaint is still taken, with a notice, and the agent decides on what there is."""
    return paid_at is not None and paid_at < timezone.now() - timedelta(
        days=settings.TOUSU_OLD_ORDER_NOTICE_DAYS
    )
