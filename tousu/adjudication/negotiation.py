"""The merchant answers, the consumer accepts or rejects (and may ask the platform)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.adjudication import fulfilment
from tousu.adjudication.models import (
    GOODS_COME_BACK,
    Answer,
    ConsumerReply,
    MerchantResponse,
    Remedy,
    ShippingPayer,
)
from tousu.complaints import access, actions
from tousu.complaints.choices import Channel, Demand
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.complaints.templatetags.money import yuan
from tousu.complaints.uploads import PreparedFile, attach_evidence, prepare_evidence

STEP = {
    Answer.AGREE: "merchant_agree",
    Answer.OFFER: "merchant_offer",
    Answer.REJECT: "merchant_reject",
}
# Complaint categories where the goods are faulty, so the merchant pays return shipping.
MERCHANT_PAYS_SHIPPING = frozenset(
    {"quality", "not_as_described", "counterfeit", "wrong_or_missing"}
)


@dataclass(frozen=True)
class Reply:
    """The merchant's structured answer."""

    answer: str
    remedy: str = ""
    amount_fen: int | None = None
    reason: str = ""


def _paid(complaint: Complaint) -> int | None:
    return (complaint.order_snapshot or {}).get("amount_paid_fen")


def _check(complaint: Complaint, reply: Reply) -> None:
    errors: dict[str, str] = {}
    if reply.answer not in Answer.values:
        errors["answer"] = _("Please choose a valid option.")
    if reply.answer == Answer.OFFER:
        if reply.remedy not in Remedy.values:
            errors["remedy"] = _("Please choose what you offer.")
        elif reply.remedy == Remedy.PARTIAL_REFUND:
            paid = _paid(complaint)
            if not reply.amount_fen or reply.amount_fen <= 0:
                errors["amount"] = _("Please enter the amount you offer.")
            elif paid is not None and reply.amount_fen > paid:
                errors["amount"] = _("A refund cannot exceed the %(paid)s the consumer paid.") % {
                    "paid": yuan(paid)
                }
    if reply.answer == Answer.REJECT and not reply.reason.strip():
        errors["reason"] = _("Please give the reason for rejecting, and add your evidence.")
    if errors:
        raise ValidationFailed(errors)


def summary(answer: str, remedy: str, amount_fen: int | None) -> str:
    if answer != Answer.OFFER:
        return str(Answer(answer).label)
    text = str(Remedy(remedy).label)
    return f"{text} {yuan(amount_fen)}" if remedy == Remedy.PARTIAL_REFUND else text


def respond(
    complaint: Complaint, staff: User, reply: Reply, *, uploads=(), channel: str = Channel.WEB
) -> MerchantResponse:
    """The merchant agrees, offers an alternative or rejects with a reason, with its evidence files;
    all in one transaction (a refused answer keeps none of its files).

    The answer and the files are checked, and the files stored, before that transaction: the
    evidence storage may be a bucket across the network (``tousu.complaints.uploads``)."""
    if not access.is_merchant_of(staff, complaint):
        raise TransitionNotAllowed()
    _check(complaint, reply)
    files = [prepare_evidence(complaint, staff, u, channel=channel) for u in uploads]
    return _respond(complaint, staff, reply, files, channel)


@transaction.atomic
def _respond(
    complaint: Complaint,
    staff: User,
    reply: Reply,
    files: list[PreparedFile],
    channel: str,
) -> MerchantResponse:
    complaint = actions.lock(complaint)
    if not access.is_merchant_of(staff, complaint):
        raise TransitionNotAllowed()
    _check(complaint, reply)
    for prepared in files:
        attach_evidence(
            complaint, staff, prepared, channel=channel, caption=_("Merchant's evidence")
        )
    reason = reply.reason.strip()
    amount = reply.amount_fen if reply.remedy == Remedy.PARTIAL_REFUND else None
    note = reason or summary(reply.answer, reply.remedy, amount)
    if reply.answer == Answer.OFFER and reason:
        note = f"{summary(reply.answer, reply.remedy, amount)}: {reason}"
    actions.take_structured_step(
        complaint,
        staff,
        STEP[reply.answer],
        channel=channel,
        note=note,
        data={"answer": reply.answer, "remedy": reply.remedy, "amount_fen": amount},
    )
    return MerchantResponse.objects.create(
        complaint=complaint,
        by=staff,
        answer=reply.answer,
        remedy=reply.remedy if reply.answer == Answer.OFFER else "",
        amount_fen=amount,
        reason=reason,
        return_address=complaint.merchant.return_address if complaint.merchant_id else "",
    )


@transaction.atomic
def deem_agreed(complaint: Complaint, _actor: None = None) -> MerchantResponse:
    """The SLA sweep: the merchant let the answer deadline pass, so it is deemed to agree to the
    consumer's demand (a silent merchant is taken to agree: docs/domain.md#platform-timers).
    Recorded as an agreement by nobody, with the same data a merchant's agreement carries."""
    complaint = actions.lock(complaint)
    note = _("The merchant did not answer in time and is deemed to agree to the demand.")
    actions.take_structured_step(
        complaint,
        None,
        STEP[Answer.AGREE],
        channel=Channel.SYSTEM,
        note=note,
        data={"answer": Answer.AGREE, "remedy": "", "amount_fen": None, "automatic": True},
    )
    return MerchantResponse.objects.create(
        complaint=complaint,
        by=None,
        answer=Answer.AGREE,
        return_address=complaint.merchant.return_address if complaint.merchant_id else "",
    )


def latest(complaint: Complaint) -> MerchantResponse | None:
    return complaint.merchant_responses.order_by("-id").first()


def what_to_fulfil(complaint: Complaint, response: MerchantResponse | None) -> dict:
    """Refund, return and shipping for an accepted answer (agreement: the consumer's demand)."""
    shipping = (
        ShippingPayer.MERCHANT
        if complaint.category in MERCHANT_PAYS_SHIPPING
        else ShippingPayer.CONSUMER
    )
    paid = _paid(complaint)
    if response is not None and response.answer == Answer.OFFER:
        if response.remedy == Remedy.PARTIAL_REFUND:
            return {"refund_fen": response.amount_fen or 0, "return_required": False}
        back = response.remedy in GOODS_COME_BACK
        return {
            "refund_fen": 0,
            "return_required": back,
            "shipping_paid_by": ShippingPayer.MERCHANT if back else "",
        }
    demand, amount = complaint.demand, complaint.demand_amount_fen
    refund = amount if amount is not None else (paid or 0)
    if demand == Demand.RETURN_REFUND:
        return {"refund_fen": refund, "return_required": True, "shipping_paid_by": shipping}
    if demand in (Demand.REFUND_ONLY, Demand.COMPENSATION):
        return {"refund_fen": refund, "return_required": False}
    if demand in (Demand.EXCHANGE, Demand.REPAIR):
        return {
            "refund_fen": 0,
            "return_required": True,
            "shipping_paid_by": ShippingPayer.MERCHANT,
        }
    return {"refund_fen": 0, "return_required": False}


@transaction.atomic
def accept_offer(
    complaint: Complaint, consumer: User | None, *, channel: str = Channel.SYSTEM
) -> None:
    """The consumer accepts the merchant's agreement or offer (None: the SLA sweep, on their silence);
    fulfilment starts in the same transaction."""
    complaint = actions.lock(complaint)
    response = latest(complaint)
    actions.take_structured_step(
        complaint,
        consumer,
        "accept_offer",
        channel=channel,
        data={"response": response.pk if response else None},
    )
    if response is not None:
        MerchantResponse.objects.filter(pk=response.pk).update(
            reply=ConsumerReply.ACCEPTED, replied_at=timezone.now()
        )
    source = f"response:{response.pk}" if response else "agreement"
    fulfilment.begin(
        complaint, **what_to_fulfil(complaint, response), source=source, channel=channel
    )


@transaction.atomic
def reject_offer(
    complaint: Complaint,
    consumer: User,
    reason: str,
    *,
    ask_platform: bool,
    channel: str = Channel.WEB,
) -> None:
    """The consumer does not accept the merchant's answer; with ``ask_platform`` the platform intervenes."""
    complaint = actions.lock(complaint)
    if not access.is_consumer_of(consumer, complaint):
        raise TransitionNotAllowed()
    response = latest(complaint)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("Please give a reason.")})
    if ask_platform:
        actions.take_structured_step(
            complaint,
            consumer,
            "request_intervention",
            channel=channel,
            note=reason,
            data={"response": response.pk if response else None},
        )
    elif complaint.status not in ("merchant_offered", "merchant_agreed", "merchant_rejected"):
        raise TransitionNotAllowed()
    else:
        actions.post_message(complaint, consumer, reason, channel=channel)
    if response is not None and not response.reply:
        MerchantResponse.objects.filter(pk=response.pk).update(
            reply=ConsumerReply.REJECTED, replied_at=timezone.now()
        )
