"""The desk's own writes: saved queue views and presence on a workbench."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints.access import may_share_views, may_use_desk
from tousu.complaints.errors import NotFound, TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.desk.models import Presence, SavedView

# The queue parameters a view keeps (never the page cursor).
VIEW_PARAMS = (
    "q",
    "status",
    "assignee",
    "team",
    "priority",
    "channel",
    "category",
    "shop",
    "consumer",
    "due",
    "sort",
)


def clean_query(raw: str) -> str:
    """The query string with only the queue's filter parameters, non-blank, in a fixed order."""
    given = QueryDict(raw.lstrip("?"))
    kept = QueryDict(mutable=True)
    for name in VIEW_PARAMS:
        value = given.get(name, "").strip()
        if value:
            kept[name] = value
    return kept.urlencode()


@transaction.atomic
def save_view(owner: User, name: str, query: str, *, shared: bool = False) -> SavedView:
    """Save (or overwrite) the owner's view of this name. Only supervisors share."""
    if not may_use_desk(owner):
        raise TransitionNotAllowed()
    if shared and not may_share_views(owner):
        raise TransitionNotAllowed(_("Only supervisors can share a view."))
    name = name.strip()
    if not name or len(name) > 60:
        raise ValidationFailed({"name": _("Give the view a name of at most 60 characters.")})
    query = clean_query(query)
    if len(query) > 500:
        raise ValidationFailed({"query": _("These filters are too long to save.")})
    try:
        with transaction.atomic():
            view, _created = SavedView.objects.update_or_create(
                owner=owner, name=name, defaults={"query": query, "shared": shared}
            )
    except IntegrityError:  # saved at the same moment in another tab
        view = SavedView.objects.get(owner=owner, name=name)
    return view


@transaction.atomic
def delete_view(user: User, pk: int) -> None:
    """Delete one of the user's own views."""
    deleted, _rows = SavedView.objects.filter(pk=pk, owner=user).delete()
    if not deleted:
        raise NotFound()


def live_since() -> datetime:
    return timezone.now() - timedelta(seconds=settings.TOUSU_DESK_PRESENCE_EXPIRY_SECONDS)


@transaction.atomic
def mark_present(user: User, complaint: Complaint, *, typing: bool) -> None:
    """The user has the workbench open (typing or not) now; expired rows go."""
    if not may_use_desk(user):
        raise TransitionNotAllowed()
    now = timezone.now()
    Presence.objects.filter(complaint=complaint, seen_at__lt=live_since()).delete()
    Presence.objects.filter(user=user, seen_at__lt=live_since()).delete()
    Presence.objects.update_or_create(
        user=user, complaint=complaint, defaults={"typing": typing, "seen_at": now}
    )


@transaction.atomic
def mark_gone(user: User, complaint: Complaint) -> None:
    Presence.objects.filter(user=user, complaint=complaint).delete()


def others_present(user: User, complaint: Complaint) -> list[Presence]:
    """Other staff with this complaint open within the expiry, typists first."""
    return list(
        Presence.objects.filter(complaint=complaint, seen_at__gte=live_since())
        .exclude(user=user)
        .select_related("user")
        .order_by("-typing", "user__username")
    )
