"""The deadline sweep, one step of ``tousu worker``.

1. Reminders: active runs whose ``remind_at`` has passed. Each is a compare-and-swap
   on ``remind_at`` in the same transaction as its notification, so it is sent once.
2. Claim: active runs whose ``due_at`` has passed (and claimed runs whose worker's
   lease expired) are taken with one compare-and-swap ``UPDATE`` into ``claimed``
   under a fresh token, through the ``(state, due_at)`` index; PostgreSQL adds
   ``FOR UPDATE SKIP LOCKED`` so concurrent workers take disjoint rows.
3. Fire: for each claimed run, one transaction locks the complaint, swaps the run
   from ``claimed`` by this token to ``breached`` (lost if the complaint moved on, or
   another worker took the lease over) and performs the breach action. A worker
   killed after claiming loses nothing: once the lease expires the run is claimed
   again. A worker killed while firing rolls the whole step back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tousu import leases
from tousu.complaints import actions, events
from tousu.complaints.choices import Channel, Priority
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.sla import turns
from tousu.sla.deadlines import retry_unknown
from tousu.sla.events import Breached, ReminderDue, WindowClosing
from tousu.sla.models import BreachAction, Deadline, DeadlineState

St = DeadlineState
B = BreachAction

# Breach actions that are a step of the state machine, taken by the system.
STEPS = {
    B.INTERVENE: "intervene",
    B.LAPSE: "lapse",
    B.EVIDENCE_COMPLETE: "evidence_complete",
}
# Breach actions that are a structured step (tousu.complaints.workflow) are taken through
# the step's own action with the data the rule implies — the merchant deemed to agree, the
# consumer's silence accepting the merchant's answer (fulfilment starts: refund, return),
# returned goods deemed received (the refund goes out), the merchant's refund deemed to have arrived,
# the outcome deemed confirmed. The
# app owning the step registers it here (``tousu.adjudication`` in its AppConfig.ready).
STRUCTURED = frozenset(
    {B.MERCHANT_AGREE, B.ACCEPT_OFFER, B.CONFIRM_RECEIPT, B.CONFIRM_REFUND, B.CONFIRM}
)
BreachHandler = Callable[[Complaint, None], object]
_handlers: dict[str, BreachHandler] = {}


def handle_breach(action: str, handler: BreachHandler) -> None:
    """Register the action that takes the structured step ``action`` for the system."""
    if action not in STRUCTURED:
        raise ValueError(f"{action!r} is not a structured breach action")
    _handlers[action] = handler


def breach_handlers() -> dict[str, BreachHandler]:
    return dict(_handlers)


@dataclass
class SweepResult:
    reminded: int = 0
    claimed: int = 0
    fired: int = 0
    retried_unknown: int = 0

    @property
    def total(self) -> int:
        return self.reminded + self.claimed + self.retried_unknown


def send_reminders(limit: int, now: datetime) -> int:
    sent = 0
    with transaction.atomic():
        due = leases.skip_locked(
            Deadline.objects.filter(state=St.ACTIVE, remind_at__lte=now).order_by("remind_at")
        )
        for deadline in due.select_related("complaint")[:limit]:
            won = Deadline.objects.filter(
                pk=deadline.pk, state=St.ACTIVE, remind_at=deadline.remind_at
            )
            if won.update(remind_at=None):
                if deadline.remind_before_minutes:  # the rule's reminder: supervisors and assignee
                    events.publish(ReminderDue(deadline))
                if turns.is_consumer_window(deadline):  # the consumer's own window closes soon
                    events.publish(WindowClosing(deadline))
                sent += 1
    return sent


def _swap(queryset, expected: str, limit: int, token: str, lease_until: datetime) -> list[int]:
    """Claim up to ``limit`` rows of ``queryset`` (all in state ``expected``) for ``token``.

    One statement where the database has ``UPDATE … RETURNING`` (PostgreSQL, SQLite ≥
    3.35): the SELECT walks the ``(state, due_at)`` index (with ``FOR UPDATE SKIP
    LOCKED`` on PostgreSQL) and the UPDATE's ``state = expected`` is the compare-and-swap.
    """
    inner = leases.skip_locked(queryset.order_by("due_at")).values("pk")[:limit]
    values = {"state": St.CLAIMED, "claimed_by": token, "lease_until": lease_until}
    if not connection.features.can_return_rows_from_bulk_insert:
        ids = list(inner.values_list("pk", flat=True))
        Deadline.objects.filter(pk__in=ids, state=expected).update(**values)
        return list(
            Deadline.objects.filter(pk__in=ids, claimed_by=token).values_list("pk", flat=True)
        )
    qn, meta = connection.ops.quote_name, Deadline._meta
    sql, params = inner.query.sql_with_params()
    sets = ", ".join(f"{qn(meta.get_field(name).column)} = %s" for name in values)
    prepared = [
        meta.get_field(name).get_db_prep_save(value, connection) for name, value in values.items()
    ]
    with connection.cursor() as cursor:
        # The CTE is evaluated once (PostgreSQL never inlines a locking CTE); a plain
        # ``IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`` may be re-run per row and take more.
        cursor.execute(
            f"WITH picked AS ({sql}) UPDATE {qn(meta.db_table)} SET {sets} "
            f"WHERE {qn(meta.pk.column)} IN (SELECT * FROM picked) "
            f"AND {qn(meta.get_field('state').column)} = %s RETURNING {qn(meta.pk.column)}",
            [*params, *prepared, expected],
        )
        return [row[0] for row in cursor.fetchall()]


def claim(limit: int, now: datetime, token: str | None = None) -> tuple[str, list[int]]:
    """Take up to ``limit`` due runs for this worker. Returns (token, their ids)."""
    token = token or uuid.uuid4().hex
    lease_until = now + timedelta(seconds=settings.TOUSU_SLA_LEASE_SECONDS)
    due = (Deadline.objects.filter(state=St.ACTIVE, due_at__lte=now), St.ACTIVE)
    abandoned = (Deadline.objects.filter(state=St.CLAIMED, lease_until__lt=now), St.CLAIMED)
    taken: list[int] = []
    with transaction.atomic():
        for queryset, expected in (due, abandoned):
            taken += _swap(queryset, expected, limit - len(taken), token, lease_until)
            if len(taken) >= limit:
                break
    return token, sorted(taken)


def _escalate(complaint: Complaint, deadline: Deadline) -> str:
    action = deadline.breach_action
    outcome = "notified"
    if action == B.RAISE_PRIORITY and complaint.priority < Priority.URGENT:
        actions.set_priority(complaint, None, complaint.priority + 1, channel=Channel.SYSTEM)
        outcome = "priority_raised"
    elif action == B.REASSIGN and complaint.assignee_id:
        actions.assign(complaint, None, None, channel=Channel.SYSTEM)
        outcome = "unassigned"
    events.publish(Breached(deadline))
    return outcome


def fire(deadline_id: int, token: str, now: datetime) -> str | None:
    """Act on one claimed run. Returns what was done, or None if the run was no longer ours."""
    with transaction.atomic():
        complaint_id = (
            Deadline.objects.filter(pk=deadline_id).values_list("complaint_id", flat=True).first()
        )
        if complaint_id is None:
            return None
        # Lock order everywhere: the complaint, then its deadlines (as the actions do).
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        mine = Deadline.objects.filter(pk=deadline_id, state=St.CLAIMED, claimed_by=token)
        if not mine.update(state=St.BREACHED, breached_at=now, lease_until=None):
            return None
        deadline = Deadline.objects.get(pk=deadline_id)
        step = STEPS.get(deadline.breach_action)
        if deadline.breach_action in STRUCTURED:
            try:
                _handlers[deadline.breach_action](complaint, None)
                outcome = deadline.breach_action
            except TransitionNotAllowed:
                outcome = "not_applicable"
                events.publish(Breached(deadline))
        elif step is None:
            outcome = _escalate(complaint, deadline)
        else:
            try:
                actions.transition(complaint, None, step, channel=Channel.SYSTEM)
                outcome = step
            except TransitionNotAllowed:
                # Cannot happen while clocks and workflow agree; tell a person rather than guess.
                outcome = "not_applicable"
                events.publish(Breached(deadline))
        Deadline.objects.filter(pk=deadline_id).update(outcome=outcome)
        return outcome


def sweep(limit: int = 100, now: datetime | None = None) -> SweepResult:
    """One round: reminders, then claim and fire due deadlines, then retry unknown ones."""
    now = now or timezone.now()
    result = SweepResult(reminded=send_reminders(limit, now))
    token, ids = claim(limit, now)
    result.claimed = len(ids)
    for pk in ids:
        if fire(pk, token, now):
            result.fired += 1
    result.retried_unknown = retry_unknown(now, limit)
    return result
