"""The worker's refund step: send requested refunds, record the answers, fulfil.

Per round: ``payments.claim`` takes due instructions under a lease (one short
transaction); for each, the payment adapter is called with no transaction open; then one
short transaction locks the complaint, records the answer (``payments.record``) and, when
the complaint's last refund is paid, takes ``fulfilled`` — the consumer is then asked to
confirm. A failed refund is retried with backoff (``TOUSU_REFUND_*``) and shown to agents
and the consumer with its state; an agent may send it again at once (``retry_now``).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import access, actions
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status
from tousu.payments import actions as payments
from tousu.payments.models import UNPAID, PaidBy, RefundInstruction, RefundState


def fulfil_if_paid(complaint: Complaint) -> None:
    """Take ``fulfilled`` (as the system) when the complaint's last refund is paid, whoever paid
    it; inside the caller's transaction, the complaint locked."""
    refunds = list(complaint.refunds.all())
    if (
        complaint.status != Status.FULFILMENT
        or not refunds
        or any(r.state in UNPAID for r in refunds)
    ):
        return
    actions.take_structured_step(
        complaint,
        None,
        "fulfilled",
        channel=Channel.SYSTEM,
        data={
            "refund_fen": sum(r.amount_fen for r in refunds),
            "references": [r.reference for r in refunds],
        },
    )


def send_refunds(limit: int = 100, now: datetime | None = None) -> int:
    """One worker step. Returns how many instructions it handled."""
    now = now or timezone.now()
    claimed = payments.claim(limit, now)
    for instruction in claimed:
        result = payments.call(instruction)  # no transaction open here
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=instruction.complaint_id)
            recorded = payments.record(instruction, result, now)
            if recorded is not None and recorded.state == RefundState.REFUNDED:
                fulfil_if_paid(complaint)
    return len(claimed)


@transaction.atomic
def retry_now(
    complaint: Complaint, agent: User, refund_id: int, *, channel: str = Channel.DESK
) -> RefundInstruction:
    """An agent sends a failed refund again (it waited for its backoff, or gave up): due at
    once, the worker sends it on its next round — never from here. Platform staff only;
    logged on the timeline (staff only)."""
    complaint = actions.lock(complaint)
    if not access.is_platform_staff(agent):
        raise TransitionNotAllowed()
    refund = complaint.refunds.filter(pk=refund_id, paid_by=PaidBy.PLATFORM).first()
    if refund is None or not payments.retry_now(refund, timezone.now()):
        raise TransitionNotAllowed(_("Only a failed refund can be sent again."))
    actions.record_note(
        complaint,
        agent,
        channel=channel,
        data={
            "refund": {
                "retry": refund.pk,
                "amount_fen": refund.amount_fen,
                "attempts": refund.attempts,
                "error": refund.error,
            }
        },
    )
    refund.refresh_from_db()
    return refund
