"""Refunds the merchant pays outside the platform (``TOUSU_REFUND_MODE = "merchant_reported"``).

Each step is one action with its own structured step of the state machine:

* ``report_paid`` — the merchant (merchant center) says it paid what it owes, with the
  payment reference and the amount: ``report_refund``, fulfilment → refund_reported. The
  consumer's ``refund_confirmation`` clock starts (``TOUSU_REFUND_CONFIRM_DAYS``).
* ``confirm_received`` — the consumer (portal) says it arrived, or the SLA sweep does when
  the window passes (actor None): ``refund_received`` → fulfilment; the refunds are paid
  and, as when the payment system pays, the last one takes ``fulfilled``.
* ``dispute`` — the consumer says it has not arrived: ``dispute_refund`` → intervention,
  where customer service checks (an evidence request to the merchant, for instance) and
  ``settle`` s it: paid after all (→ fulfilled), or owed again (the merchant reports anew).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.adjudication.refunds import fulfil_if_paid
from tousu.complaints import access, actions
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.complaints.templatetags.money import yuan
from tousu.payments import actions as payments
from tousu.payments.models import RefundState

REFERENCE_MAX = 100


def _references(complaint: Complaint, state: str) -> tuple[int, list[str]]:
    refunds = list(complaint.refunds.filter(state=state))
    return sum(r.amount_fen for r in refunds), sorted({r.reference for r in refunds})


@transaction.atomic
def report_paid(
    complaint: Complaint,
    staff: User,
    *,
    reference: str,
    amount_fen: int,
    channel: str = Channel.WEB,
) -> Complaint:
    """The merchant paid every refund it owes on this complaint and says how: ``reference``
    (a bank transfer, Alipay or WeChat Pay number) and ``amount_fen``, which must be what it owes."""
    complaint = actions.lock(complaint)
    if not access.is_merchant_of(staff, complaint):
        raise TransitionNotAllowed()
    owed = sum(payments.owed_by_merchant(complaint).values_list("amount_fen", flat=True))
    if not owed:
        raise TransitionNotAllowed(_("No refund of this complaint is waiting for you to pay it."))
    reference = " ".join(reference.split())
    errors = {}
    if not reference or len(reference) > REFERENCE_MAX or not reference.isprintable():
        errors["reference"] = _(
            "Give the payment reference (up to %(n)s characters), e.g. the transfer number."
        ) % {"n": REFERENCE_MAX}
    if amount_fen != owed:
        errors["amount"] = _(
            "You owe %(owed)s on this complaint; report the refund once that amount is paid."
        ) % {"owed": yuan(owed)}
    if errors:
        raise ValidationFailed(errors)
    payments.report_paid(complaint, reference, timezone.now())
    return actions.take_structured_step(
        complaint,
        staff,
        "report_refund",
        channel=channel,
        note=_("Refund of %(amount)s paid, reference %(reference)s.")
        % {"amount": yuan(owed), "reference": reference},
        data={"refund_fen": owed, "reference": reference},
    )


@transaction.atomic
def confirm_received(
    complaint: Complaint, consumer: User | None, *, channel: str = Channel.SYSTEM
) -> Complaint:
    """The refund the merchant reported arrived: the consumer says so, or (``consumer`` None)
    the SLA sweep after the ``refund_confirmation`` clock. The last refund paid fulfils."""
    complaint = actions.lock(complaint)
    automatic = consumer is None
    amount, references = _references(complaint, RefundState.REPORTED)
    complaint = actions.take_structured_step(
        complaint,
        consumer,
        "refund_received",
        channel=Channel.SYSTEM if automatic else channel,
        note=_("No answer from the consumer in time: the refund is taken as received.")
        if automatic
        else "",
        data={"refund_fen": amount, "references": references, "automatic": automatic},
    )
    payments.mark_received(complaint, timezone.now())
    fulfil_if_paid(complaint)
    return complaint


@transaction.atomic
def dispute(
    complaint: Complaint, consumer: User, reason: str, *, channel: str = Channel.WEB
) -> Complaint:
    """The consumer says the refund the merchant reported has not arrived: customer service
    checks it (the complaint goes to intervention)."""
    complaint = actions.lock(complaint)
    if not access.is_consumer_of(consumer, complaint):
        raise TransitionNotAllowed()
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            {"reason": _("Please say what you see, e.g. no transfer with this reference.")}
        )
    if len(reason) > settings.TOUSU_MESSAGE_MAX_CHARS:
        raise ValidationFailed(
            {
                "reason": _("Please keep the message under %(n)s characters.")
                % {"n": settings.TOUSU_MESSAGE_MAX_CHARS}
            }
        )
    amount, references = _references(complaint, RefundState.REPORTED)
    actions.take_structured_step(
        complaint,
        consumer,
        "dispute_refund",
        channel=channel,
        note=reason,
        data={"refund_fen": amount, "references": references},
    )
    payments.dispute(complaint)
    return complaint


def disputed(complaint: Complaint) -> bool:
    return complaint.refunds.filter(state=RefundState.DISPUTED).exists()


@transaction.atomic
def settle(
    complaint: Complaint, agent: User, *, paid: bool, note: str, channel: str = Channel.DESK
) -> Complaint:
    """Customer service settles a disputed refund: ``paid`` (proof seen: the refund is paid and
    the complaint fulfilled) or not (the merchant owes it again and reports it anew)."""
    complaint = actions.lock(complaint)
    if not access.is_platform_staff(agent):
        raise TransitionNotAllowed()
    if not disputed(complaint):
        raise TransitionNotAllowed(_("No refund of this complaint is disputed."))
    amount, references = _references(complaint, RefundState.DISPUTED)
    complaint = actions.take_structured_step(
        complaint,
        agent,
        "settle_refund",
        channel=channel,
        note=note,
        data={"paid": paid, "refund_fen": amount, "references": references},
    )
    payments.settle(complaint, paid=paid, now=timezone.now())
    if paid:
        fulfil_if_paid(complaint)
    return complaint
