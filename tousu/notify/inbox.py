"""Reading a person's in-app inbox: their own notices only, newest first.

Every query here is filtered on the reader, so no one lists, opens or marks another
person's notices. The unread count is a range of the ``inbox_user_unread`` index
(user, read_at NULL), stopped at ``UNREAD_SHOWN_MAX`` + 1 rows: the bell on every page
costs one bounded index scan, however many notices a person has.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tousu import keyset
from tousu.accounts.models import User
from tousu.notify.models import InboxMessage

NEWEST_FIRST = keyset.NEWEST  # by id alone: the (user, read_at, -id) index's order
UNREAD_SHOWN_MAX = 99  # the bell says "99+" beyond this


def messages_for(user: User) -> QuerySet[InboxMessage]:
    return InboxMessage.objects.filter(user=user)


def message_for(user: User, pk: int) -> InboxMessage | None:
    """The reader's own notice ``pk``; None for anyone else's (or none at all)."""
    return messages_for(user).select_related("complaint").filter(pk=pk).first()


def unread_count(user: User) -> int:
    """Unread notices, counted up to ``UNREAD_SHOWN_MAX`` + 1."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = messages_for(user).filter(read_at__isnull=True).order_by()
    return len(unread.values_list("id", flat=True)[: UNREAD_SHOWN_MAX + 1])
