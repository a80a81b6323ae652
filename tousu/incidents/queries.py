"""Reading incidents: for the desk (platform staff) and the public notice (a count only)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tousu.complaints.models import OPEN_Q, Complaint
from tousu.incidents.models import Incident, IncidentState
from tousu.incidents.similarity import product_of
from tousu.orders.models import Order


def listed() -> QuerySet[Incident]:
    """Every incident, open first, with its complaint counts (for platform staff only)."""
    return (
        Incident.objects.select_related("merchant")
        .annotate(
            total=Count("members"),
            still_open=Count(
                "members", filter=Q(members__complaint__in=Complaint.objects.filter(OPEN_Q))
            ),
        )
        .order_by("state", "-opened_at", "-id")
    )


def of_complaint(complaint: Complaint) -> Incident | None:
    link = getattr(complaint, "incident_link", None) if complaint.pk else None
    return link.incident if link is not None else None


def notice_for(complaint: Complaint | None = None, order: Order | None = None) -> dict | None:
    """The public notice for a consumer's complaint page or order page: the open incident
    about the same shop's product and how many complained — never who, nor their complaints.

    ``joined``: the consumer's complaint is already in it."""
    if complaint is not None:
        incident = of_complaint(complaint)
        if incident is not None and incident.state == IncidentState.OPEN:
            return {"incident": incident, "count": incident.members.count(), "joined": True}
        product = product_of(complaint) if complaint.merchant_id else None
        merchant_id = complaint.merchant_id
        keys = {product[0]} if product else set()
    elif order is not None:
        merchant_id = order.merchant_id
        keys = {item.sku or item.product_name for item in order.items.all()}
    else:
        return None
    incident = (
        Incident.objects.filter(
            merchant_id=merchant_id, product_key__in=keys, state=IncidentState.OPEN
        )
        .order_by("-opened_at")
        .first()
        if keys
        else None
    )
    if incident is None:
        return None
    return {"incident": incident, "count": incident.members.count(), "joined": False}
