"""Refund instructions: sent to the payment system through an adapter
(``tousu.payments.adapters``), or paid by the merchant outside the platform.

One state machine per instruction (docs/adjudication.md, "Refunds"). Paid by the platform
(``TOUSU_REFUND_MODE = "platform"``):

    held ──(goods back)──► requested ──(worker claims)──► sending ──► refunded
                               ▲                             │  └──► pending ──(status check)──► sending …
                               └──── failed (retried with backoff; "retry now") ◄─┘

Paid by the merchant (``"merchant_reported"``), recorded when the instruction is made:

    held ──(goods back)──► requested ──(merchant reports it paid)──► reported ──(consumer confirms,
                               ▲                                        │      or stays silent)──► refunded
                               └──(agent: not paid)── disputed ◄─(consumer: not arrived)┘
                                                          └──(agent: paid)──► refunded

The payment adapter is only ever called by the worker, outside any database transaction,
on a row it claimed (``sending`` with a lease).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefundState(models.TextChoices):
    HELD = "held", _("Held until the returned goods arrive")
    REQUESTED = "requested", _("Requested; being sent to the payment system")
    SENDING = "sending", _("Being sent to the payment system")
    PENDING = "pending", _("Sent; the payment system has not confirmed it yet")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Failed")
    REPORTED = "reported", _("Reported paid by the merchant; waiting for the consumer to confirm")
    DISPUTED = "disputed", _("The consumer says it has not arrived; customer service is checking")


class PaidBy(models.TextChoices):
    """Who pays an instruction out: the platform's payment system, or the merchant itself
    (``TOUSU_REFUND_MODE`` when the instruction was made)."""

    PLATFORM = "platform", _("The platform's payment system")
    MERCHANT = "merchant", _("The merchant, reported on the platform")


# Still owed to the consumer: the complaint is not fulfilled while any of these exists.
UNPAID = (
    RefundState.HELD,
    RefundState.REQUESTED,
    RefundState.SENDING,
    RefundState.PENDING,
    RefundState.FAILED,
    RefundState.REPORTED,
    RefundState.DISPUTED,
)


class RefundInstruction(models.Model):
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="refunds"
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    # Why: decision:<id>, response:<id> (the merchant's answer the consumer accepted).
    source = models.CharField(_("source"), max_length=40)
    state = models.CharField(_("state"), max_length=9, choices=RefundState.choices)
    paid_by = models.CharField(
        _("paid by"), max_length=8, choices=PaidBy.choices, default=PaidBy.PLATFORM
    )
    adapter = models.CharField(_("payment adapter"), max_length=100, blank=True)
    # The payment system's reference, or the one the merchant reported (bank transfer, Alipay …).
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the worker next sends it (requested, failed) or asks the payment system about it (pending).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # First sent to the payment system, or reported paid by the merchant.
    sent_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refund instruction")
        verbose_name_plural = _("refund instructions")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["complaint", "id"], name="pay_refund_complaint"),
            models.Index(fields=["state", "id"], name="pay_refund_state"),
            models.Index(fields=["state", "next_attempt_at"], name="pay_refund_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_fen__gt=0), name="pay_refund_amount_positive"
            ),
        ]
