"""Claiming due rows for one worker under a lease: the outbox, webhook deliveries, refunds and
call recordings are all taken the same way.

In one short transaction, the due rows are read in order (on PostgreSQL with ``FOR UPDATE
SKIP LOCKED``, so workers read disjoint rows) and each is taken by a compare-and-swap on
what was read (its state and lease): a row another worker took meanwhile is skipped, so
every row has one owner at a time. A row whose worker died is due again once its lease
runs out. The work itself (a network call) happens after, with no transaction open.
(The deadline sweep claims its rows in one ``UPDATE … RETURNING`` of its own:
``tousu.sla.sweep``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet


def skip_locked(queryset: QuerySet) -> QuerySet:
    """Lock the rows read (only the queryset's own table), skipping rows another worker holds."""
    if connection.features.has_select_for_update_skip_locked:
        of = ("self",) if connection.features.has_select_for_update_of else ()
        return queryset.select_for_update(skip_locked=True, of=of)
    return queryset


def claim(
    due: Iterable[QuerySet], limit: int, *, busy: str, lease_until: datetime
) -> dict[int, str]:
    """Take up to ``limit`` rows of the querysets in ``due`` (in that order, each read by
    ``next_attempt_at`` then id) into state ``busy`` until ``lease_until``.

    The rows need ``state``, ``lease_until`` and ``next_attempt_at`` columns. Returns
    ``{id: the state it was taken from}``.
    """
    taken: dict[int, str] = {}
    with transaction.atomic():
        for rows in due:
            model = rows.model
            candidates = skip_locked(rows.order_by("next_attempt_at", "id")).values_list(
                "pk", "state", "lease_until"
            )
            for pk, state, lease in list(candidates[: limit - len(taken)]):
                if model._default_manager.filter(pk=pk, state=state, lease_until=lease).update(
                    state=busy, lease_until=lease_until
                ):
                    taken[pk] = state
            if len(taken) >= limit:
                break
    return taken
