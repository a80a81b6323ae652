"""Every write to an incident goes through a function here (each in one transaction).

Filing a complaint to join an incident goes through ``tousu.complaints.filing.file_complaint``;
handling an incident's complaints together goes through the complaint actions, one
transaction per complaint (``tousu.desk``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import duplicates, filing
from tousu.complaints.access import orders_for
from tousu.complaints.choices import Category, Channel, Demand, Kind
from tousu.complaints.errors import ComplaintError, OrderNotFound
from tousu.complaints.models import Complaint
from tousu.incidents.models import Incident, IncidentComplaint, IncidentState
from tousu.merchants.models import Merchant
from tousu.orders.models import Order, OrderItem


@transaction.atomic
def open_incident(
    merchant: Merchant, key: str, name: str, complaints: Iterable[Complaint]
) -> Incident | None:
    """Open an incident for ``merchant``'s product ``key`` with ``complaints``; ``None`` when
    one is already open for it (another worker was first)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            incident = Incident.objects.create(
                merchant=merchant,
                product_key=key,
                title=f"{name} · {merchant.shop_name}",
                opened_at=now,
            )
    except IntegrityError:
        return None
    add_complaints(incident, complaints)
    return incident


def add_complaints(incident: Incident, complaints: Iterable[Complaint], *, joined=False) -> int:
    """Link each complaint not yet in an incident; returns how many were linked."""
    added = 0
    for complaint in complaints:
        try:
            with transaction.atomic():
                IncidentComplaint.objects.create(
                    incident=incident, complaint=complaint, added_at=timezone.now(), joined=joined
                )
        except IntegrityError:
            continue  # already in an incident
        added += 1
    return added


@transaction.atomic
def close_incident(incident: Incident) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(state=IncidentState.CLOSED)
    incident.refresh_from_db()
    return incident


class NoMatchingOrder(ComplaintError):
    code = "no_matching_order"
    status = 404

    def __init__(self):
        super().__init__(
            _(
                "None of your orders is for this product from this shop, so you cannot join. "
                "If you bought it elsewhere, complain from that order instead."
            )
        )


def matching_item(consumer: User, incident: Incident) -> OrderItem | None:
    """The consumer's own order line of the incident's product from its shop, newest first."""
    for order in (
        orders_for(consumer)
        .filter(merchant=incident.merchant)
        .prefetch_related("items")
        .order_by("-paid_at")
    ):
        for item in order.items.all():
            if (item.sku or item.product_name) == incident.product_key:
                return item
    return None


def join(consumer: User, incident: Incident) -> tuple[Complaint, bool]:
    """我也遇到了: the consumer's own complaint about their order of the product, linked to
    the incident. An open complaint of theirs on that line is linked instead of filing a
    second one. Returns ``(complaint, filed)``; no such order raises ``NoMatchingOrder``."""
    if incident.state != IncidentState.OPEN:
        raise OrderNotFound()  # nothing to join: answered as for an unknown incident
    item = matching_item(consumer, incident)
    if item is None:
        raise NoMatchingOrder()
    order: Order = item.order
    existing = duplicates.open_for_lines(consumer, order, [item.pk])
    if existing is not None:
        add_complaints(incident, [existing], joined=True)
        return existing, False
    draft = filing.Draft(
        kind=Kind.COMPLAINT,
        category=_most_common_category(incident),
        demand=Demand.OTHER,
        description=_("I have the same problem as the other buyers of %(product)s.")
        % {"product": incident.title},
        order_number=order.number,
        lines=((item.pk, item.quantity),),
    )
    complaint, created = filing.file_complaint(
        consumer, draft, channel=Channel.WEB, idempotency_key=f"incident:{incident.pk}"
    )
    add_complaints(incident, [complaint], joined=True)
    return complaint, created  # not created: a second click answered with the first


def _most_common_category(incident: Incident) -> str:
    counts: dict[str, int] = {}
    for category in incident.complaints.values_list("category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else Category.QUALITY
