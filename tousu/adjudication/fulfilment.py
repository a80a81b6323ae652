"""Carrying out what was agreed or decided: goods back, then the refund.

Each step is one action and one timeline event, with its deadline on the SLA engine:
``awaiting_return`` runs the consumer's ``return_shipment`` clock (time to give the
tracking number), ``return_shipped`` the merchant's ``return_receipt`` clock (time to
confirm receipt; the sweep confirms it when it runs out, through ``confirm_receipt``
below). Their lengths are the SLA policies' (docs/sla.md), quoted through
``tousu.sla.figures``, never written here. The refund is requested when the goods have arrived, or at
once when nothing comes back; the worker sends it (``tousu.adjudication.refunds``).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.adjudication.models import ReturnShipment
from tousu.complaints import access, actions
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status
from tousu.payments import actions as payments
from tousu.payments.models import UNPAID

TRACKING = re.compile(r"^[A-Za-z0-9-]{6,40}$")


def begin(
    complaint: Complaint,
    *,
    refund_fen: int,
    compensation_fen: int = 0,
    return_required: bool,
    shipping_paid_by: str = "",
    source: str,
    channel: str,
) -> None:
    """Start carrying out a complaint that just entered ``fulfilment`` (inside the caller's transaction)."""
    for amount in (refund_fen, compensation_fen):
        if amount > 0:
            payments.create(complaint, amount, source, held=return_required)
    if return_required:
        shop = complaint.merchant
        address = shop.return_address if shop else ""
        ReturnShipment.objects.create(
            complaint=complaint,
            address=address,
            recipient=shop.contact_name if shop else "",
            phone=shop.contact_phone if shop else "",
            shipping_paid_by=shipping_paid_by,
        )
        actions.take_structured_step(
            complaint,
            None,
            "await_return",
            channel=Channel.SYSTEM,
            data={"address": address, "shipping_paid_by": shipping_paid_by},
        )
        return
    # Nothing comes back: the refunds are requested and the worker sends them
    # (tousu.adjudication.refunds); the last one paid marks the complaint fulfilled.


@transaction.atomic
def report_done(
    complaint: Complaint, staff: User, report: str, *, channel: str = Channel.WEB
) -> Complaint:
    """The merchant (or platform staff) reports a remedy without money carried out — the
    replacement or the missing item sent, the repair done, the apology made — saying what was
    done. Refused while any refund of the complaint is unpaid: money outcomes are ``fulfilled``
    only by the refunds themselves (``tousu.adjudication.refunds``)."""
    complaint = actions.lock(complaint)
    if not access.part_in(staff, complaint).plays("fulfilled"):
        raise TransitionNotAllowed()
    if complaint.status != Status.FULFILMENT:
        raise TransitionNotAllowed()
    if complaint.refunds.filter(state__in=UNPAID).exists():
        raise TransitionNotAllowed(
            _(
                "A refund of this complaint is not paid yet; it is fulfilled once the "
                "refund has gone out."
            )
        )
    report = report.strip()
    if not report:
        raise ValidationFailed(
            {
                "report": _(
                    "Please say what was done (for example the tracking number of the replacement)."
                )
            }
        )
    if len(report) > settings.TOUSU_MESSAGE_MAX_CHARS:
        raise ValidationFailed(
            {
                "report": _("Please keep the message under %(n)s characters.")
                % {"n": settings.TOUSU_MESSAGE_MAX_CHARS}
            }
        )
    return actions.take_structured_step(
        complaint, staff, "fulfilled", channel=channel, note=report, data={"report": report}
    )


def current_return(complaint: Complaint) -> ReturnShipment | None:
    return complaint.returns.order_by("-id").first()


@transaction.atomic
def set_return_address(
    complaint: Complaint, staff: User, address: str, *, channel: str = Channel.WEB
) -> None:
    """The merchant gives (or corrects) where the goods go back, while waiting for them."""
    complaint = actions.lock(complaint)
    if not access.part_in(staff, complaint).plays("await_return"):  # the return's owners
        raise TransitionNotAllowed()
    if complaint.status != Status.AWAITING_RETURN:
        raise TransitionNotAllowed(
            _("The return address can only be changed while waiting for the goods.")
        )
    address = address.strip()
    if not address or len(address) > 300:
        raise ValidationFailed({"address": _("Please give the full return address.")})
    shipment = current_return(complaint)
    ReturnShipment.objects.filter(pk=shipment.pk).update(address=address)
    actions.post_message(
        complaint, staff, _("Return address: %(address)s") % {"address": address}, channel=channel
    )


@transaction.atomic
def ship_return(
    complaint: Complaint,
    consumer: User,
    *,
    carrier: str,
    tracking_number: str,
    channel: str = Channel.WEB,
) -> ReturnShipment:
    """The consumer has sent the goods back and gives the tracking number."""
    complaint = actions.lock(complaint)
    if not access.may_take(consumer, complaint, "return_shipped"):
        raise TransitionNotAllowed()
    tracking_number, carrier = tracking_number.strip().upper(), carrier.strip()[:40]
    if not TRACKING.match(tracking_number):
        raise ValidationFailed(
            {"tracking_number": _("Please enter the tracking number (6 to 40 letters or digits).")}
        )
    shipment = current_return(complaint)
    shipment.carrier, shipment.tracking_number, shipment.shipped_at = (
        carrier,
        tracking_number,
        timezone.now(),
    )
    shipment.save(update_fields=["carrier", "tracking_number", "shipped_at"])
    actions.take_structured_step(
        complaint,
        consumer,
        "return_shipped",
        channel=channel,
        note=f"{carrier} {tracking_number}".strip(),
        data={"carrier": carrier, "tracking_number": tracking_number},
    )
    return shipment


@transaction.atomic
def confirm_receipt(
    complaint: Complaint, staff: User | None, *, channel: str = Channel.SYSTEM
) -> None:
    """The merchant confirms the returned goods arrived (``staff`` None: the SLA sweep, when
    the ``return_receipt`` clock runs out).
    The held refund then goes out."""
    complaint = actions.lock(complaint)
    if complaint.status != Status.RETURN_SHIPPED:
        raise TransitionNotAllowed()
    if staff is not None and not access.part_in(staff, complaint).plays("confirm_return"):
        raise TransitionNotAllowed()
    shipment = current_return(complaint)
    ReturnShipment.objects.filter(pk=shipment.pk).update(
        received_at=timezone.now(), received_by=staff
    )
    actions.take_structured_step(
        complaint, staff, "confirm_return", channel=channel, data={"automatic": staff is None}
    )
    payments.release(
        complaint
    )  # the held refunds go out with the worker (tousu.adjudication.refunds)
