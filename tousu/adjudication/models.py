"""The records of a dispute: the merchant's answer, the platform's decision, the return
of the goods and the consumer's closing feedback. Written only by this app's actions
(negotiation, decisions, fulfilment, feedback); the status moves through
``tousu.complaints.actions.transition`` in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    AGREE = "agree", _("Agree to the demand")
    OFFER = "offer", _("Offer an alternative")
    REJECT = "reject", _("Reject the demand")


class Remedy(models.TextChoices):
    """What the merchant offers (or the platform decides) instead of, or as, the demand."""

    PARTIAL_REFUND = "partial_refund", _("Partial refund")
    EXCHANGE = "exchange", _("Exchange")
    REPAIR = "repair", _("Repair")
    RESEND = "resend", _("Resend")


# Remedies for which the goods come back to the merchant first.
GOODS_COME_BACK = frozenset({Remedy.EXCHANGE, Remedy.REPAIR})


class ConsumerReply(models.TextChoices):
    PENDING = "", _("Waiting for the consumer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class MerchantResponse(models.Model):
    """One answer of the merchant to a complaint, and the consumer's reply to it."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="merchant_responses"
    )
    # Null: nobody answered — the merchant was deemed to agree when its deadline ran out.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    remedy = models.CharField(_("offer"), max_length=16, choices=Remedy.choices, blank=True)
    amount_fen = models.BigIntegerField(_("amount (fen)"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    return_address = models.CharField(_("return address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reply = models.CharField(
        _("consumer's reply"), max_length=8, choices=ConsumerReply.choices, blank=True
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["complaint", "id"], name="adj_response_complaint")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__isnull=True) | models.Q(amount_fen__gte=0),
                name="adj_response_amount_not_negative",
            ),
        ]


class Outcome(models.TextChoices):
    FULL = "full", _("For the consumer in full")
    PARTIAL = "partial", _("For the consumer in part")
    REJECTED = "rejected", _("Rejected")


class ShippingPayer(models.TextChoices):
    NONE = "", _("Nothing is sent back")
    CONSUMER = "consumer", _("The consumer pays return shipping")
    MERCHANT = "merchant", _("The merchant pays return shipping")


class Penalty(models.TextChoices):
    NONE = "none", _("No penalty")
    WARNING = "warning", _("Warning")
    DEPOSIT = "deposit", _("Deduction from the deposit")


class Decision(models.Model):
    """The platform's decision (裁决) after intervention."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    refund_fen = models.BigIntegerField(_("refund (fen)"), default=0)
    return_required = models.BooleanField(_("goods must be returned"), default=False)
    shipping_paid_by = models.CharField(
        _("return shipping"), max_length=8, choices=ShippingPayer.choices, blank=True
    )
    compensation_fen = models.BigIntegerField(_("compensation (fen)"), default=0)
    compensation_basis = models.CharField(
        _("legal basis of the compensation"), max_length=200, blank=True
    )
    # The consumer's proven loss, compensated in addition (Food Safety Law Art. 148), paid with the compensation.
    loss_fen = models.BigIntegerField(_("proven loss (fen)"), default=0)
    penalty = models.CharField(
        _("merchant penalty"), max_length=8, choices=Penalty.choices, default=Penalty.NONE
    )
    penalty_fen = models.BigIntegerField(_("deducted from the deposit (fen)"), default=0)
    grounds = models.TextField(_("grounds"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["complaint", "id"], name="adj_decision_complaint")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    refund_fen__gte=0, compensation_fen__gte=0, penalty_fen__gte=0, loss_fen__gte=0
                ),
                name="adj_decision_amounts_not_negative",
            ),
        ]

    @property
    def against_merchant(self) -> bool:
        return self.outcome != Outcome.REJECTED


class ReturnShipment(models.Model):
    """Goods on their way back: where to, the consumer's tracking number, the merchant's receipt."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="returns"
    )
    address = models.CharField(_("return address"), max_length=300)
    # Who receives the parcel and their phone, for the waybill (the shop's contact when
    # the return began: tousu.adjudication.fulfilment.begin).
    recipient = models.CharField(_("recipient"), max_length=50, blank=True)
    phone = models.CharField(_("recipient's phone"), max_length=32, blank=True)
    shipping_paid_by = models.CharField(
        _("return shipping"), max_length=8, choices=ShippingPayer.choices, blank=True
    )
    carrier = models.CharField(_("carrier"), max_length=40, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    # Null with received_at set: confirmed by the system when the return_receipt clock ran out.
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["complaint", "id"], name="adj_return_complaint")]


def _stars():
    return [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """The consumer's rating at closing (ISO 10002) and whether they accept the outcome."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="feedback"
    )
    attitude = models.PositiveSmallIntegerField(_("attitude"), validators=_stars())
    speed = models.PositiveSmallIntegerField(_("speed"), validators=_stars())
    overall = models.PositiveSmallIntegerField(_("overall satisfaction"), validators=_stars())
    comment = models.TextField(_("comment"), blank=True)
    accepted = models.BooleanField(_("accepts the outcome"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    attitude__gte=1,
                    attitude__lte=5,
                    speed__gte=1,
                    speed__lte=5,
                    overall__gte=1,
                    overall__lte=5,
                ),
                name="adj_feedback_stars_1_to_5",
            ),
        ]
