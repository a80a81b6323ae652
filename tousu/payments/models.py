"""Refund instructions sent to the payment system through an adapter (``tousu.payments.adapters``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefundState(models.TextChoices):
    HELD = "held", _("Held until the returned goods arrive")
    PENDING = "pending", _("Sent to the payment system")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Failed")


class RefundInstruction(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="refunds")
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    # Why: decision:<id>, response:<id> (the merchant's answer the consumer accepted).
    source = models.CharField(_("source"), max_length=40)
    state = models.CharField(_("state"), max_length=8, choices=RefundState.choices)
    adapter = models.CharField(_("payment adapter"), max_length=100, blank=True)
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refund instruction")
        verbose_name_plural = _("refund instructions")
        ordering = ["id"]
        indexes = [models.Index(fields=["complaint", "id"], name="pay_refund_complaint"),
                   models.Index(fields=["state", "id"], name="pay_refund_state")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="pay_refund_amount_positive"),
        ]
