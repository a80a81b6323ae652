"""Writes to the in-app inbox: marking notices read. Only the reader's own notices."""

from __future__ import annotations

from django.utils import timezone

from tousu.accounts.models import User
from tousu.notify.inbox import messages_for
from tousu.notify.models import InboxMessage


def mark_read(user: User, message: InboxMessage) -> None:
    """Mark one of ``user``'s notices read (opening it); another person's is left alone."""
    if message.read_at is None:
        now = timezone.now()
        if messages_for(user).filter(pk=message.pk, read_at__isnull=True).update(read_at=now):
            message.read_at = now


def mark_all_read(user: User) -> int:
    """Mark every unread notice of ``user`` read; returns how many."""
    return messages_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())
