"""The change feed: numbering committed changes, and reading them back per user.

A row's id is taken when it is written, but transactions commit in another order: a client
that had read up to id 11 would never see id 10 committing a moment later. So the worker
gives each committed change a ``sequence`` number, one numbering at a time (the
``Sequencer`` row is locked; SQLite's write lock does the same), always above every number
given before; ``GET /api/v1/changes?since=`` pages by that number and shows only numbered
changes. A change appears in the feed after the worker's next round.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from tousu.complaints import access
from tousu.webhooks.models import Change, Sequencer


def sequence(limit: int = 1000) -> int:
    """Number up to ``limit`` committed, unnumbered changes in id order. Returns how many."""
    with transaction.atomic():
        counter, _created = Sequencer.objects.select_for_update().get_or_create(pk=1)
        waiting = list(
            Change.objects.filter(sequence__isnull=True)
            .order_by("id")
            .values_list("pk", flat=True)[:limit]
        )
        for offset, pk in enumerate(waiting, 1):
            Change.objects.filter(pk=pk).update(sequence=counter.last + offset)
        if waiting:
            Sequencer.objects.filter(pk=1).update(last=counter.last + len(waiting))
    return len(waiting)


def changes_for(user) -> QuerySet[Change]:
    """Numbered changes of the complaints ``user`` may see (``access.complaints_for``)."""
    return Change.objects.filter(sequence__isnull=False, complaint__in=access.complaints_for(user))


def page(user, since: int, limit: int) -> tuple[list[Change], bool]:
    """The next ``limit`` changes after ``since``, oldest first, and whether more follow."""
    rows = list(changes_for(user).filter(sequence__gt=since).order_by("sequence")[: limit + 1])
    return rows[:limit], len(rows) > limit
