"""Writes to refund instructions. Called by ``tousu.adjudication`` inside its transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tousu.payments.adapters import adapter
from tousu.payments.models import RefundInstruction, RefundState


def create(complaint, amount_fen: int, source: str, *, held: bool) -> RefundInstruction:
    """A refund instruction: held (goods must come back first) or pending (send now)."""
    return RefundInstruction.objects.create(
        complaint=complaint, amount_fen=amount_fen, source=source,
        state=RefundState.HELD if held else RefundState.PENDING,
    )


@transaction.atomic
def send(instruction: RefundInstruction) -> RefundInstruction:
    """Hand a pending or held instruction to the payment adapter; returns it with its new state."""
    won = RefundInstruction.objects.filter(pk=instruction.pk, state__in=[RefundState.HELD, RefundState.PENDING])
    now = timezone.now()
    if not won.update(state=RefundState.PENDING, sent_at=now, adapter=settings.TOUSU_PAYMENT_ADAPTER):
        instruction.refresh_from_db()
        return instruction  # already sent
    instruction.refresh_from_db()
    result = adapter().refund(instruction)
    instruction.state = result.state
    instruction.reference, instruction.error = result.reference[:100], result.error[:300]
    instruction.refunded_at = now if result.state == RefundState.REFUNDED else None
    instruction.save(update_fields=["state", "reference", "error", "refunded_at"])
    return instruction


def held_for(complaint) -> list[RefundInstruction]:
    return list(RefundInstruction.objects.filter(complaint=complaint, state=RefundState.HELD))
