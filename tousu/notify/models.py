"""The transactional outbox and the in-app inbox."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Medium(models.TextChoices):
    INBOX = "inbox", _("In-app inbox")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Failed (dead letter)")
    # The medium said it can never deliver this one (see UndeliveredReason): not retried.
    UNDELIVERABLE = "undeliverable", _("Undeliverable")


class UndeliveredReason(models.TextChoices):
    """Why a notification can never be delivered; shown to agents on the workbench."""

    NO_ADDRESS = "no_address", _("the recipient has no linked account on this medium")
    UNFOLLOWED = "unfollowed", _("the user has unfollowed the official account")
    WINDOW_CLOSED = "window_closed", _("the user has not interacted for more than 48 hours")
    MESSAGE_LIMIT = (
        "message_limit",
        _("the limit of customer-service messages is reached until the user writes again"),
    )
    INVALID_RECIPIENT = "invalid_recipient", _("the recipient's ID is not valid for this account")
    BLOCKED = "blocked", _("the user is on the official account's blacklist")
    NOT_CONFIGURED = "not_configured", _("sending on this medium is not configured")
    REFUSED = "refused", _("the service refused the message")


class Outbox(models.Model):
    """One notification to deliver. Written in the same transaction as its cause."""

    medium = models.CharField(max_length=8, choices=Medium.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(max_length=32)
    context = models.JSONField(default=dict)
    # The same cause never notifies the same person twice on the same medium: unique through
    # a constraint (outbox_dedupe_key), which on PostgreSQL, unlike ``unique=True``, adds no
    # second ``varchar_pattern_ops`` index that no query would use.
    dedupe_key = models.CharField(max_length=120)
    state = models.CharField(
        max_length=16, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # While a worker holds a row in SENDING it owns it until this time; a worker that
    # dies mid-delivery loses the lease and the row becomes due again.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Set with state UNDELIVERABLE; last_error then holds the medium's own words.
    undelivered_reason = models.CharField(
        max_length=24, choices=UndeliveredReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing notification")
        verbose_name_plural = _("outgoing notifications")
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="outbox_dedupe_key")]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            # What retention deletes (tousu.notify.retention): small, only prunable rows.
            models.Index(
                fields=["sent_at"],
                name="outbox_prunable",
                condition=models.Q(state="sent"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medium}:{self.topic}→{self.recipient_id}"


class InboxMessage(models.Model):
    """A notice in a consumer's or merchant's in-app inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    # The notice it came from: redelivering it after a crash finds this message instead of
    # adding one. Null once retention deleted that (sent) notice: the message stays.
    outbox = models.OneToOneField(
        Outbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "read_at", "-id"], name="inbox_user_unread")]
