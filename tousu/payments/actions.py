"""Writes to refund instructions, and the one place the payment adapter is called.

Everything but ``claim`` runs inside the caller's transaction (tousu.adjudication, which
locks the complaint first). The worker's ``claim`` → ``call`` → ``record`` sends the
platform's refunds: claim and record are short transactions, the adapter call between
them holds no lock. A merchant's refunds (``PaidBy.MERCHANT``) never reach the adapter:
``report_paid`` → ``mark_received`` / ``dispute`` → ``settle``. Creating, releasing and
the payment system's answers publish ``payments.events.RefundStateChanged`` in the
transaction that makes the change (the merchant-reported steps do not publish it yet).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tousu import leases
from tousu.complaints import events
from tousu.payments.adapters import Result, adapter
from tousu.payments.events import RefundStateChanged
from tousu.payments.models import PaidBy, RefundInstruction, RefundState

S = RefundState


def create(complaint, amount_fen: int, source: str, *, held: bool) -> RefundInstruction:
    """A refund instruction: held (goods must come back first) or requested (the worker sends
    it, or the merchant pays it: ``TOUSU_REFUND_MODE``, kept on the instruction)."""
    paid_by = (
        PaidBy.MERCHANT if settings.TOUSU_REFUND_MODE == "merchant_reported" else PaidBy.PLATFORM
    )
    instruction = RefundInstruction.objects.create(
        complaint=complaint,
        amount_fen=amount_fen,
        source=source,
        paid_by=paid_by,
        state=S.HELD if held else S.REQUESTED,
        next_attempt_at=None if held or paid_by == PaidBy.MERCHANT else timezone.now(),
    )
    events.publish(RefundStateChanged(instruction, None, instruction.state, timezone.now()))
    return instruction


def release(complaint) -> int:
    """The goods are back: the held instructions are requested. Returns how many."""
    now = timezone.now()
    released = 0
    for instruction in RefundInstruction.objects.filter(complaint=complaint, state=S.HELD):
        due = now if instruction.paid_by == PaidBy.PLATFORM else None  # the worker sends it
        if RefundInstruction.objects.filter(pk=instruction.pk, state=S.HELD).update(
            state=S.REQUESTED, next_attempt_at=due
        ):
            instruction.state, instruction.next_attempt_at = S.REQUESTED, due
            events.publish(RefundStateChanged(instruction, S.HELD, S.REQUESTED, now))
            released += 1
    return released


def retry_now(instruction: RefundInstruction, now: datetime) -> bool:
    """A failed refund of the platform's is due again now (an agent's "retry now"); its
    tries so far stay counted. False when it is no longer failed."""
    return bool(
        RefundInstruction.objects.filter(
            pk=instruction.pk, state=S.FAILED, paid_by=PaidBy.PLATFORM
        ).update(next_attempt_at=now)
    )


def owed_by_merchant(complaint):
    """The merchant's refunds of ``complaint`` waiting to be paid."""
    return RefundInstruction.objects.filter(
        complaint=complaint, paid_by=PaidBy.MERCHANT, state=S.REQUESTED
    )


def report_paid(complaint, reference: str, now: datetime) -> int:
    """The merchant says it paid every refund it owes on ``complaint``, under ``reference``."""
    return owed_by_merchant(complaint).update(state=S.REPORTED, reference=reference, sent_at=now)


def mark_received(complaint, now: datetime) -> int:
    """The reported refunds arrived (the consumer said so, or let the window pass)."""
    return RefundInstruction.objects.filter(complaint=complaint, state=S.REPORTED).update(
        state=S.REFUNDED, refunded_at=now
    )


def dispute(complaint) -> int:
    """The consumer says the reported refunds did not arrive."""
    return RefundInstruction.objects.filter(complaint=complaint, state=S.REPORTED).update(
        state=S.DISPUTED
    )


def settle(complaint, *, paid: bool, now: datetime) -> int:
    """Customer service settles a dispute: paid after all, or owed again by the merchant
    (who then reports it anew, with a new reference)."""
    disputed = RefundInstruction.objects.filter(complaint=complaint, state=S.DISPUTED)
    if paid:
        return disputed.update(state=S.REFUNDED, refunded_at=now)
    return disputed.update(state=S.REQUESTED, reference="", sent_at=None)


def backoff(attempts: int) -> timedelta:
    seconds = settings.TOUSU_REFUND_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.TOUSU_OUTBOX_BACKOFF_MAX_SECONDS))


def claim(limit: int, now: datetime) -> list[RefundInstruction]:
    """Take up to ``limit`` instructions to send or to ask about, each under a lease."""
    ours = RefundInstruction.objects.filter(paid_by=PaidBy.PLATFORM)
    due = (
        ours.filter(state__in=[S.REQUESTED, S.FAILED, S.PENDING], next_attempt_at__lte=now),
        ours.filter(state=S.SENDING, lease_until__lt=now),
    )
    lease_until = now + timedelta(seconds=settings.TOUSU_REFUND_LEASE_SECONDS)
    # id → the state it was claimed from (RefundStateChanged.old)
    taken = leases.claim(due, limit, busy=S.SENDING, lease_until=lease_until)
    claimed = list(RefundInstruction.objects.filter(pk__in=taken))
    for instruction in claimed:
        instruction.claimed_from = taken[instruction.pk]
    return claimed


def call(instruction: RefundInstruction) -> Result:
    """Ask the payment system to refund (or, once it answered ``pending``, how it stands).

    Never inside a transaction: the payment system may take seconds, and no lock may wait on it
    (``tousu.adjudication.refunds.send_refunds`` calls it between its short transactions).
    """
    try:
        payments = adapter()
        return (
            payments.status(instruction) if instruction.reference else payments.refund(instruction)
        )
    except Exception as error:  # noqa: BLE001 - any adapter failure is retried
        return Result(S.FAILED, error=repr(error))


def record(
    instruction: RefundInstruction, result: Result, now: datetime
) -> RefundInstruction | None:
    """Store the payment system's answer on a claimed instruction (inside the caller's transaction).

    Returns the instruction with its new state, or None when the lease was lost meanwhile.
    """
    mine = RefundInstruction.objects.filter(
        pk=instruction.pk, state=S.SENDING, lease_until=instruction.lease_until
    )
    changes: dict = {
        "lease_until": None,
        "adapter": settings.TOUSU_PAYMENT_ADAPTER[:100],
        "reference": (result.reference or instruction.reference)[:100],
        "error": result.error[:300],
    }
    if instruction.sent_at is None:
        changes["sent_at"] = now
    if result.state == S.REFUNDED:
        changes.update(state=S.REFUNDED, refunded_at=now, next_attempt_at=None)
    elif result.state == S.PENDING:
        changes.update(
            state=S.PENDING,
            next_attempt_at=now + timedelta(minutes=settings.TOUSU_REFUND_STATUS_CHECK_MINUTES),
        )
    else:
        attempts = instruction.attempts + 1
        retry = attempts < settings.TOUSU_REFUND_MAX_ATTEMPTS
        changes.update(
            state=S.FAILED,
            attempts=attempts,
            next_attempt_at=now + backoff(attempts) if retry else None,
        )
    if not mine.update(**changes):
        return None
    instruction.refresh_from_db()
    before = getattr(instruction, "claimed_from", S.SENDING)
    if instruction.state != before:
        events.publish(RefundStateChanged(instruction, before, instruction.state, now))
    return instruction
