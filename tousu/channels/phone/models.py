"""The phone channel: hotlines, calls (from the telephony webhook or typed in by an agent), callbacks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.accounts.phones import try_normalise, validate_phone


class Audience(models.TextChoices):
    CONSUMER = "consumer", _("Consumers")
    MERCHANT = "merchant", _("Merchants")


class Hotline(models.Model):
    """A published service number and the working-time calendar of its service hours."""

    name = models.CharField(_("name"), max_length=60)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.CONSUMER
    )
    number = models.CharField(
        _("number"),
        max_length=32,
        unique=True,
        validators=[validate_phone],
        help_text=_("Stored in E.164, e.g. +862153395288; typed as 021-53395288."),
    )
    calendar = models.SlugField(
        _("calendar"),
        max_length=40,
        default="hotline",
        help_text=_("Working-time calendar of the service hours (default: every day 08:00–21:30)."),
    )
    active = models.BooleanField(_("active"), default=True)
    rank = models.SmallIntegerField(_("order on the page"), default=0)

    class Meta:
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.number = try_normalise(self.number) or self.number
        super().save(*args, **kwargs)


class CallState(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    ANSWERED = "answered", _("Answered")
    ENDED = "ended", _("Ended")


class Call(models.Model):
    """One telephone call on a hotline. The caller is looked up by their normalised number."""

    call_id = models.CharField(
        max_length=64, unique=True
    )  # the call centre's id; "desk-…" when typed in
    hotline = models.ForeignKey(
        Hotline, on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    caller = models.CharField(max_length=32, db_index=True)  # E.164 when it parses
    consumer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=CallState.choices, default=CallState.RINGING)
    started_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    recording_url = models.URLField(max_length=500, blank=True)
    recording_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["-started_at"], name="phone_call_started")]


class RecordingState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the call to be linked to a complaint")
    PENDING = "pending", _("Waiting to be downloaded")
    FETCHING = "fetching", _("Being downloaded")
    ATTACHED = "attached", _("Attached as evidence")
    FAILED = "failed", _("Could not be downloaded")


class Recording(models.Model):
    """A call recording the call centre announced: downloaded by the worker, never by the
    webhook (tousu.channels.phone.recordings), then attached to the call's complaint."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="recordings")
    url = models.URLField(max_length=500)
    expected_sha256 = models.CharField(max_length=64, blank=True)  # as announced; may be blank
    state = models.CharField(
        max_length=8, choices=RecordingState.choices, default=RecordingState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the worker next tries (pending); a download in progress holds the row until lease_until.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    evidence = models.ForeignKey(
        "complaints.Evidence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("call recording")
        verbose_name_plural = _("call recordings")
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="phone_recording_due")]
        constraints = [
            # One download per announced file, however often the call centre announces it.
            models.UniqueConstraint(fields=["call", "url"], name="phone_recording_once"),
        ]


class TelephonyEvent(models.Model):
    """A webhook event already accepted: its id can never be accepted again (replay protection)."""

    event_id = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=24)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, null=True, related_name="events")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)


class CallbackState(models.TextChoices):
    PENDING = "pending", _("Waiting to be called")
    REACHED = "reached", _("Reached")
    GIVEN_UP = "given_up", _("Not reached, given up")
    CANCELLED = "cancelled", _("Cancelled")


class Callback(models.Model):
    """A consumer asked to be called back: due within the line's service hours (tousu.channels.phone.callbacks)."""

    consumer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="callbacks"
    )
    phone = models.CharField(max_length=32)  # E.164, the number to call
    hotline = models.ForeignKey(Hotline, on_delete=models.PROTECT, related_name="callbacks")
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callbacks",
    )
    channel = models.CharField(max_length=16)  # where it was asked: web, app, wechat, phone
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Every request's reason, one per line: asking again while one is pending adds to it.
    reason = models.TextField(blank=True)
    # Complaints named by later requests merged into this one (``complaint`` is the first).
    also_about = models.ManyToManyField("complaints.Complaint", blank=True, related_name="+")
    requested_at = models.DateTimeField()
    # Null only when the line's calendar cannot be computed (a year without a schedule).
    due_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=CallbackState.choices, default=CallbackState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    breached_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        indexes = [
            # The queue (pending by due time) and the sweep (pending, not yet breached, due) are range scans.
            models.Index(fields=["state", "due_at"], name="phone_callback_due"),
            models.Index(fields=["consumer", "state"], name="phone_callback_consumer"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["consumer", "hotline"],
                condition=models.Q(state="pending"),
                name="phone_one_pending_callback",
            ),
        ]

    @property
    def overdue(self) -> bool:
        return (
            self.state == CallbackState.PENDING
            and self.due_at is not None
            and self.due_at <= timezone.now()
        )


class AttemptOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    BUSY = "busy", _("Busy")
    REACHED = "reached", _("Reached")


class CallbackAttempt(models.Model):
    callback = models.ForeignKey(Callback, on_delete=models.CASCADE, related_name="attempt_log")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=AttemptOutcome.choices)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
