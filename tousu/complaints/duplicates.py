"""Is this already being handled? The consumer's own open complaint about the same order line.

Before filing, every channel (web form, WeChat) asks ``open_for_lines`` and, when it
finds one, offers to add to that complaint instead of filing a second one; the app API has
``file_complaint`` refuse the filing (``refuse_duplicate``: the order is read once). Only the
consumer's own complaints are looked at: another consumer's complaint about the same order
is never found, and so never shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from tousu import rawsql
from tousu.accounts.models import User
from tousu.complaints.models import Complaint, ComplaintLine, IdempotencyKey
from tousu.complaints.workflow import TERMINAL
from tousu.orders.models import Order


def open_for_lines(
    consumer: User, order: Order | None, lines: Iterable[int], *, idempotency_key: str = ""
) -> Complaint | None:
    """The consumer's oldest open complaint about ``order`` that covers one of ``lines``
    (order item ids; empty: the whole order), or ``None``.

    A complaint without lines is about the whole order, so it covers every line; a request
    for the whole order is covered by any open complaint on the order. The complaint
    A request under an ``idempotency_key`` already used is left to the key's rules (a retry
    answers the first complaint, another body under it is refused), so it gets ``None``.
    """
    if order is None:
        return None
    if (
        idempotency_key
        and IdempotencyKey.objects.filter(user=consumer, key=idempotency_key).exists()
    ):
        return None
    items = list(lines)
    sql, params = _OPEN_ON_ORDER, [consumer.pk, order.pk, *_TERMINAL]
    if items:
        marks = ", ".join(["%s"] * len(items))
        sql += f" AND (NOT EXISTS ({_LINES}) OR EXISTS ({_LINES} AND l.order_item_id IN ({marks})))"
        params += items
    found = rawsql.first_row(sql + " ORDER BY c.id LIMIT 1", params)
    return Complaint.objects.get(pk=found[0]) if found else None


# Plain SQL (tousu.rawsql): every filing through the app asks, and nearly always finds none;
# the ORM's query with its join and DISTINCT cost 1.4–2.4 ms of CPU for a 0.05 ms lookup.
_TERMINAL = sorted(s.value for s in TERMINAL)
_OPEN_ON_ORDER = (
    f"SELECT c.id FROM {Complaint._meta.db_table} c "  # noqa: S608
    "WHERE c.consumer_id = %s AND c.order_id = %s "
    f"AND c.status NOT IN ({', '.join(['%s'] * len(_TERMINAL))})"
)
_LINES = f"SELECT 1 FROM {ComplaintLine._meta.db_table} l WHERE l.complaint_id = c.id"  # noqa: S608


def product_of(order: Order, lines: Iterable[int]) -> str:
    """The product(s) named in the warning: the chosen lines', else the order's."""
    chosen = set(lines)
    names = [i.product_name for i in order.items.all() if not chosen or i.pk in chosen]
    return "、".join(names[:2]) + ("…" if len(names) > 2 else "")


def warning(complaint: Complaint, order: Order, lines: Iterable[int]) -> str:
    """The sentence every channel shows: which product, which complaint, add to it?"""
    return _(
        "There is already an open complaint %(number)s about “%(product)s” of this order. "
        "Add to it instead?"
    ) % {"number": complaint.number, "product": product_of(order, lines)}
