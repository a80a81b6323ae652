"""Webhook subscriptions, the change feed and the deliveries (the webhooks' outbox).

A domain event that integrators may see becomes one ``Change`` (the feed row, the same for
everyone) and one ``Delivery`` per subscription that wants it, written in the transaction
of the action that caused it (``tousu.webhooks.fanout``). The worker sends the deliveries
(``tousu.webhooks.delivery``) and numbers the changes for the feed (``tousu.webhooks.feed``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    COMPLAINT_FILED = "complaint.filed", _("Complaint filed")
    STATUS_CHANGED = "complaint.status_changed", _("Complaint status changed")
    MESSAGE_ADDED = "complaint.message_added", _("Message added")
    DECISION_MADE = "complaint.decision_made", _("Decision made")
    DEADLINE_APPROACHING = "deadline.approaching", _("Deadline approaching")
    DEADLINE_MISSED = "deadline.missed", _("Deadline missed")
    REFUND_STATE_CHANGED = "refund.state_changed", _("Refund state changed")


class Subscription(models.Model):
    """Where to send which events, for whom.

    The owner's view decides what is sent: merchant staff receive only events of their
    shop's complaints (``merchant``, one of their shops, is required), platform staff those
    of every complaint or, with ``merchant`` set, of one shop.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("owner"),
    )
    merchant = models.ForeignKey(
        "merchants.Merchant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shop"),
    )
    url = models.CharField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # The signing secret, encrypted with a key derived from SECRET_KEY (tousu.webhooks.keys):
    # it must be readable to sign, so it cannot be stored as a hash; see docs/webhooks.md.
    secret_sealed = models.TextField(editable=False)
    event_types = models.JSONField(_("event types"), default=list)
    active = models.BooleanField(_("active"), default=True)
    # Deliveries that failed for good since the last success; at
    # TOUSU_WEBHOOK_DISABLE_AFTER_FAILURES the subscription is turned off.
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("turned off at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.url


class Change(models.Model):
    """One event, as integrators see it: the webhook body and an item of the change feed.

    ``sequence`` is given by the worker after the event's transaction committed, in the order
    the rows become visible, so a client paging ``?since=`` never skips a row that committed
    late (an id is taken when the row is written, which is not the order of commits).
    """

    sequence = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    # The versioned body without its id (tousu.webhooks.payloads).
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(sequence__isnull=True),
                name="webhook_change_unsequenced",
            )
        ]


class Sequencer(models.Model):
    """The one row holding the last ``Change.sequence`` given; locked while numbering."""

    last = models.BigIntegerField(default=0)


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (all tries used)")
    # The owner may no longer see the complaint (left the shop, deactivated): never sent.
    SKIPPED = "skipped", _("Not sent: no longer visible to the owner")


class Delivery(models.Model):
    """One change to send to one subscription; its id is the ``X-Tousu-Delivery`` header,
    the same on every try, so the receiver can drop a repeat."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(
        max_length=9, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker holding a row in SENDING owns it until then; one that died loses it.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "change"], name="webhook_delivery_once")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["subscription", "id"], name="webhook_delivery_log"),
            # What retention deletes (tousu.webhooks.retention).
            models.Index(
                fields=["created_at"],
                name="webhook_delivery_prunable",
                condition=models.Q(state__in=["delivered", "skipped"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}:{self.change.event_type}"


class Attempt(models.Model):
    """One try of a delivery: the delivery log."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["id"]
