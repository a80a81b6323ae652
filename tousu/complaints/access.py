"""Who may see what. Every list, detail and download asks here.

Someone without access gets the same answer as for a complaint that does not exist,
so existence never leaks. Call recordings (audio evidence) are platform records that
merchant staff do not see unless ``TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS``: not in the
timeline, not in the evidence lists, not downloadable (404), as if they did not exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from tousu.accounts.models import Role, User
from tousu.complaints.choices import MediaType
from tousu.complaints.errors import NotFound
from tousu.complaints.models import Complaint, ComplaintEvent, Evidence
from tousu.orders.models import Order


def complaints_for(user: User) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_platform_staff:
        return qs
    if user.role == Role.MERCHANT:
        return qs.filter(merchant__in=user.shops.all())
    if user.role == Role.CONSUMER:
        return qs.filter(consumer=user)
    return qs.none()


def get_complaint(user: User, number: str) -> Complaint:
    complaint = (
        complaints_for(user)
        .select_related("consumer", "merchant", "order", "assignee")
        .filter(number=number)
        .first()
    )
    if complaint is None:
        raise NotFound()
    return complaint


def sees_internal(user: User) -> bool:
    return user.is_platform_staff


def hides_recordings(user: User) -> bool:
    merchant = getattr(user, "role", None) == Role.MERCHANT
    return merchant and not settings.TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS


def timeline_for(user: User, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    events = complaint.events.select_related("actor", "evidence")
    if hides_recordings(user):
        events = events.exclude(evidence__media_type=MediaType.AUDIO)
    return events if sees_internal(user) else events.filter(internal=False)


def evidence_for(user: User, complaint: Complaint) -> QuerySet[Evidence]:
    items = complaint.evidence.select_related("uploaded_by")
    return items.exclude(media_type=MediaType.AUDIO) if hides_recordings(user) else items


def evidence_item(user: User, pk: int) -> Evidence | None:
    """One evidence file for download, with its complaint; None when ``user`` may not see it."""
    items = Evidence.objects.select_related("complaint").filter(
        pk=pk, complaint__in=complaints_for(user)
    )
    if hides_recordings(user):
        items = items.exclude(media_type=MediaType.AUDIO)
    return items.first()


def orders_for(user: User) -> QuerySet[Order]:
    if not user.is_authenticated or user.role != Role.CONSUMER:
        return Order.objects.none()
    return Order.objects.filter(consumer=user)
