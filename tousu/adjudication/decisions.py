"""Platform intervention: ask either party for evidence, then decide (裁决)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.adjudication import fulfilment
from tousu.adjudication.models import Decision, Outcome, Penalty, ShippingPayer
from tousu.complaints import access, actions
from tousu.complaints import lines as complaint_lines
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.complaints.templatetags.money import yuan
from tousu.payments.models import RefundState

PARTIES = ("consumer", "merchant", "both")


@dataclass(frozen=True)
class Ruling:
    """What the agent decides."""

    outcome: str
    grounds: str
    refund_fen: int = 0
    return_required: bool = False
    shipping_paid_by: str = ""
    compensation_fen: int = 0
    compensation_basis: str = ""
    penalty: str = Penalty.NONE
    penalty_fen: int = 0
    # The consumer's proven loss, compensated in addition (Food Safety Law Art. 148); paid with the compensation.
    loss_fen: int = 0


def _check(complaint: Complaint, ruling: Ruling) -> None:
    errors: dict[str, str] = {}
    if ruling.outcome not in Outcome.values:
        errors["outcome"] = _("Please choose a valid option.")
    if not ruling.grounds.strip():
        errors["grounds"] = _("Please give the grounds of the decision.")
    if min(ruling.refund_fen, ruling.compensation_fen, ruling.penalty_fen, ruling.loss_fen) < 0:
        errors["refund_fen"] = _("Amounts cannot be negative.")
    paid = complaint_lines.paid_on(
        complaint
    )  # for the lines the complaint is about, else the whole order
    if paid is not None and ruling.refund_fen > paid:
        errors["refund_fen"] = _("A refund cannot exceed the %(paid)s the consumer paid.") % {
            "paid": yuan(paid)
        }
    compensation = ruling.compensation_fen + ruling.loss_fen
    if ruling.outcome == Outcome.REJECTED and (
        ruling.refund_fen or compensation or ruling.return_required
    ):
        errors["outcome"] = _("A rejected complaint has no refund, compensation or return.")
    if ruling.outcome in (Outcome.FULL, Outcome.PARTIAL) and not (
        ruling.refund_fen or compensation or ruling.return_required
    ):
        errors["refund_fen"] = _("Say what the consumer gets: a refund, compensation or a return.")
    if compensation and not ruling.compensation_basis.strip():
        errors["compensation_basis"] = _("Compensation needs its legal basis.")
    if ruling.return_required and ruling.shipping_paid_by not in (
        ShippingPayer.CONSUMER,
        ShippingPayer.MERCHANT,
    ):
        errors["shipping_paid_by"] = _("Say who pays the return shipping.")
    if ruling.penalty not in Penalty.values:
        errors["penalty"] = _("Please choose a valid option.")
    elif (ruling.penalty == Penalty.DEPOSIT) != (ruling.penalty_fen > 0):
        errors["penalty_fen"] = _(
            "A deposit deduction needs an amount, and only a deposit deduction has one."
        )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def decide(
    complaint: Complaint, agent: User, ruling: Ruling, *, channel: str = Channel.DESK
) -> Decision:
    """Record the decision and take the ``decide`` step in one transaction; both parties are
    notified (tousu.notify.rules). A decision for the consumer starts fulfilment at once (the
    refund instruction, held until the goods are back if they must be returned); a rejection
    asks the consumer to confirm or say they do not accept."""
    complaint = actions.lock(complaint)
    if not access.is_platform_staff(agent):
        raise TransitionNotAllowed()
    if complaint.refunds.filter(state=RefundState.DISPUTED).exists():
        # A new decision would owe the money twice: the dispute is settled on its own.
        raise TransitionNotAllowed(
            _("A refund of this complaint is disputed: settle it first (paid, or owed again).")
        )
    _check(complaint, ruling)
    shipping = ruling.shipping_paid_by if ruling.return_required else ""
    actions.take_structured_step(
        complaint,
        agent,
        "decide",
        channel=channel,
        note=ruling.grounds.strip(),
        data={
            "outcome": ruling.outcome,
            "refund_fen": ruling.refund_fen,
            "compensation_fen": ruling.compensation_fen,
            "return_required": ruling.return_required,
            "shipping_paid_by": shipping,
            "penalty": ruling.penalty,
            "penalty_fen": ruling.penalty_fen,
            "loss_fen": ruling.loss_fen,
        },
    )
    decision = Decision.objects.create(
        complaint=complaint,
        decided_by=agent,
        outcome=ruling.outcome,
        refund_fen=ruling.refund_fen,
        return_required=ruling.return_required,
        shipping_paid_by=shipping,
        compensation_fen=ruling.compensation_fen,
        compensation_basis=ruling.compensation_basis.strip(),
        penalty=ruling.penalty,
        penalty_fen=ruling.penalty_fen,
        grounds=ruling.grounds.strip(),
        loss_fen=ruling.loss_fen,
    )
    if ruling.outcome == Outcome.REJECTED:
        actions.take_structured_step(
            complaint, None, "conclude", channel=Channel.SYSTEM, data={"decision": decision.pk}
        )
    else:
        actions.take_structured_step(
            complaint, agent, "start_fulfilment", channel=channel, data={"decision": decision.pk}
        )
        fulfilment.begin(
            complaint,
            refund_fen=ruling.refund_fen,
            compensation_fen=ruling.compensation_fen + ruling.loss_fen,
            return_required=ruling.return_required,
            shipping_paid_by=shipping,
            source=f"decision:{decision.pk}",
            channel=channel,
        )
    return decision


@transaction.atomic
def request_evidence(
    complaint: Complaint, agent: User, party: str, note: str, *, channel: str = Channel.DESK
) -> Complaint:
    """Ask the consumer, the merchant or both for more evidence. The deadline is the SLA
    ``evidence`` clock; when it runs out the platform decides on what it has."""
    if party not in PARTIES:
        raise ValidationFailed({"party": _("Please choose a valid option.")})
    return actions.take_structured_step(
        complaint, agent, "request_evidence", channel=channel, note=note, data={"party": party}
    )


def latest(complaint: Complaint) -> Decision | None:
    return complaint.decisions.order_by("-id").first()
