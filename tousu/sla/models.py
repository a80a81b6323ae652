"""Working-time calendars and the national holiday schedule entered by administrators;
SLA policies, their clock rules and the deadline runs (docs/sla.md).

The State Council schedule for the years ``chinese-calendar`` covers comes from the
library; ``ScheduleYear`` and ``DayOverride`` hold the years an administrator enters
(the schedule for the next year is published around November). Counting itself lives
in ``tousu.sla.worktime`` and never touches the ORM; ``tousu.sla.calendars`` loads
these rows into it.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.sla.worktime import Duration

DEFAULT_CALENDAR = "office"


class DayRule(models.TextChoices):
    WORKING_DAYS = "working_days", _("Working days (State Council schedule, with make-up days)")
    EVERY_DAY = "every_day", _("Every day, public holidays included")


class WorkCalendar(models.Model):
    """When a team works: which days, and the opening hours on each of them."""

    name = models.SlugField(_("name"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    day_rule = models.CharField(
        _("working days"), max_length=16, choices=DayRule.choices, default=DayRule.WORKING_DAYS
    )
    opens_at = models.TimeField(_("opens at"), default=time(9))
    closes_at = models.TimeField(
        _("closes at"),
        default=time(18),
        help_text=_("Same day as the opening; a shift past midnight is not supported."),
    )

    class Meta:
        verbose_name = _("working-time calendar")
        verbose_name_plural = _("working-time calendars")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="sla_calendar_opens_before_closing",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError(
                {"closes_at": _("The closing time must be after the opening time.")}
            )


class ScheduleYear(models.Model):
    """One year of the State Council holiday schedule as entered by an administrator.

    Only a year marked complete is used, and then it replaces the library's data for
    that year. A year the library does not cover and no complete entry describes is
    unknown: deadlines that need it are flagged, never computed.
    """

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The State Council notice this schedule follows (title, number or address)."),
    )
    complete = models.BooleanField(
        _("complete"),
        default=False,
        help_text=_(
            "Tick once every holiday and make-up working day of the year is entered. "
            "Until then the year is not used."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("holiday schedule year")
        verbose_name_plural = _("holiday schedule years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class DayOverride(models.Model):
    """A public holiday, or a weekend day worked to make up for one (调休)."""

    schedule = models.ForeignKey(
        ScheduleYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("schedule year")
    )
    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("make-up working day"),
        default=False,
        help_text=_("Ticked: a Saturday or Sunday that is worked (调休). Unticked: a day off."),
    )
    name = models.CharField(_("holiday"), max_length=60, help_text=_("For example 春节 or 国庆节."))

    class Meta:
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holidays and make-up working days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"

    def clean(self) -> None:
        if self.date is None:
            return
        # The year may still be unsaved (admin add page with inline days).
        schedule = getattr(self, "schedule", None)
        if schedule is not None and schedule.year and self.date.year != schedule.year:
            raise ValidationError(
                {"date": _("The date must lie in %(year)s.") % {"year": schedule.year}}
            )
        if self.is_working_day and self.date.weekday() < 5:
            raise ValidationError(
                {"is_working_day": _("A make-up working day falls on a Saturday or Sunday.")}
            )


# --- SLA policies and deadlines (docs/sla.md) ------------------------------------------


class Clock(models.TextChoices):
    """The timers a complaint can run. Which status runs which: ``tousu.sla.clocks``."""

    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    FIRST_RESPONSE = "first_response", _("First agent response")
    CALLBACK = "callback", _("Call back (hotline)")
    MERCHANT_RESPONSE = "merchant_response", _("Merchant response")
    INTERVENTION_WINDOW = "intervention_window", _("Intervention request window")
    EVIDENCE = "evidence", _("Evidence window")
    DECISION = "decision", _("Platform decision")
    RETURN_SHIPMENT = "return_shipment", _("Consumer sends the goods back")
    RETURN_RECEIPT = "return_receipt", _("Merchant confirms returned goods")
    MERCHANT_REFUND = "merchant_refund", _("Merchant refunds after receiving the goods back")
    REFUND_CONFIRMATION = (
        "refund_confirmation",
        _("Consumer confirms the merchant's refund arrived"),
    )
    CONFIRMATION = "confirmation", _("Consumer confirmation window")
    RESOLUTION = "resolution", _("Resolution")
    ODR_SETTLEMENT = (
        "odr_settlement",
        _("12315 settlement (the regulator's deadline, never paused)"),
    )


# Clocks whose length is a legal or platform figure kept as a setting (docs/sla.md): their
# rules leave the duration blank, and the clock and every text that quotes the figure read
# the setting, so they cannot disagree. clock → (setting, unit appended to its value).
LENGTH_SETTINGS: dict[str, tuple[str, str]] = {
    Clock.CALLBACK: ("TOUSU_CALLBACK_DUE", ""),  # already a duration, e.g. "24ch"
    Clock.MERCHANT_REFUND: ("TOUSU_REMEDY_MERCHANT_REFUND_DAYS", "cd"),
    Clock.REFUND_CONFIRMATION: ("TOUSU_REFUND_CONFIRM_DAYS", "cd"),
    Clock.ODR_SETTLEMENT: ("TOUSU_12315_ODR_WORKING_DAYS", "d"),
}


def length_from_settings(clock: str) -> str:
    """The duration (engine syntax) of a clock in ``LENGTH_SETTINGS``, read from its setting now."""
    name, unit = LENGTH_SETTINGS[clock]
    return f"{getattr(settings, name)}{unit}"


def rule_duration(rule: "ClockRule") -> str:
    """How long a rule's clock runs: the setting for the clocks that have one, else the rule's own."""
    return length_from_settings(rule.clock) if rule.clock in LENGTH_SETTINGS else rule.duration


class BreachAction(models.TextChoices):
    """What the worker does when a clock runs out."""

    NOTIFY = "notify", _("Notify the supervisors")
    RAISE_PRIORITY = "raise_priority", _("Raise the priority and notify the supervisors")
    REASSIGN = "reassign", _("Return to the unassigned queue and notify the supervisors")
    MERCHANT_AGREE = "merchant_agree", _("Treat the merchant's silence as agreement")
    INTERVENE = "intervene", _("Move to platform intervention")
    ACCEPT_OFFER = "accept_offer", _("Treat the consumer's silence as acceptance")
    LAPSE = "lapse", _("Close with a notice to the consumer")
    EVIDENCE_COMPLETE = "evidence_complete", _("Close the evidence window")
    CONFIRM_RECEIPT = "confirm_receipt", _("Confirm the returned goods were received")
    CONFIRM = "confirm", _("Close as solved")
    CONFIRM_REFUND = "confirm_refund", _("Treat the consumer's silence as the refund arrived")


def _valid_duration(text: str) -> None:
    try:
        Duration.parse(text)
    except ValueError:
        raise ValidationError(
            _(
                "Write a duration such as 48ch (calendar hours), 7cd (calendar days), "
                "16h (working hours) or 10d (working days)."
            )
        ) from None


class SlaPolicy(models.Model):
    """A set of clock rules for the complaints it matches. Blank match fields match anything.

    For each clock, the rule of the most specific matching policy wins (the one with
    the most non-blank match fields; ties go to the higher ``rank``, then the newer row).
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    category = models.CharField(_("category"), max_length=24, blank=True)
    priority = models.SmallIntegerField(_("priority"), null=True, blank=True)
    rank = models.SmallIntegerField(
        _("rank"), default=0, help_text=_("Breaks ties between equally specific policies.")
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def specificity(self) -> int:
        return sum(
            1
            for value in (self.kind, self.channel, self.category, self.priority)
            if value not in ("", None)
        )


class ClockRule(models.Model):
    """How long one clock runs under a policy, on which calendar, and what happens at the end."""

    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.CASCADE, related_name="rules", verbose_name=_("policy")
    )
    clock = models.CharField(_("clock"), max_length=24, choices=Clock.choices)
    duration = models.CharField(
        _("duration"),
        max_length=12,
        validators=[_valid_duration],
        blank=True,
        help_text=_(
            "48ch = 48 calendar hours, 7cd = 7 calendar days, 16h = working hours, "
            "10d = working days of the calendar below. Leave blank for a clock whose length "
            "is a setting (callback, merchant refund, refund confirmation, 12315 settlement)."
        ),
    )
    calendar = models.SlugField(
        _("calendar"),
        max_length=40,
        default=DEFAULT_CALENDAR,
        help_text=_("Working-time calendar for h and d durations."),
    )
    pauses_while_waiting_on_consumer = models.BooleanField(
        _("pauses while waiting on the consumer"), default=False
    )
    breach_action = models.CharField(
        _("when it runs out"),
        max_length=20,
        choices=BreachAction.choices,
        default=BreachAction.NOTIFY,
    )
    remind_before_minutes = models.PositiveIntegerField(
        _("remind before (minutes)"),
        null=True,
        blank=True,
        help_text=_("Notify the supervisors this long before the deadline. Blank: no reminder."),
    )

    class Meta:
        verbose_name = _("clock rule")
        verbose_name_plural = _("clock rules")
        ordering = ["policy", "clock"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "clock"], name="sla_rule_once_per_policy")
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.clock} {rule_duration(self)}"

    def clean(self) -> None:
        if self.calendar and not WorkCalendar.objects.filter(name=self.calendar).exists():
            raise ValidationError({"calendar": _("No working-time calendar has this name.")})
        if self.clock in LENGTH_SETTINGS and self.duration:
            raise ValidationError(
                {
                    "duration": _(
                        "This clock's length is the setting %(setting)s, so that the clock and every text quoting "
                        "it agree: leave the duration blank."
                    )
                    % {"setting": LENGTH_SETTINGS[self.clock][0]}
                }
            )
        if self.clock and self.clock not in LENGTH_SETTINGS and not self.duration:
            raise ValidationError({"duration": _("Enter how long this clock runs.")})


class DeadlineState(models.TextChoices):
    ACTIVE = "active", _("Running")
    PAUSED = "paused", _("Paused (waiting on the consumer)")
    CLAIMED = "claimed", _("Being handled by a worker")
    UNKNOWN = "unknown", _("Could not be computed")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")


# States of a clock that still counts towards its deadline.
LIVE_STATES = (
    DeadlineState.ACTIVE,
    DeadlineState.PAUSED,
    DeadlineState.CLAIMED,
    DeadlineState.UNKNOWN,
)


class Deadline(models.Model):
    """One run of one clock on one complaint.

    A run starts when the complaint enters a status that runs the clock and ends
    (``ended_at``) when it leaves them. While it runs, ``due_at`` is an indexed column
    the worker sweeps; paused, it keeps the remaining time instead. A run that needs a
    year without a holiday schedule is ``unknown``: no ``due_at``, never a guess.
    """

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="deadlines"
    )
    clock = models.CharField(max_length=24, choices=Clock.choices)
    rule = models.ForeignKey(
        ClockRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The rule as it stood when the run started (policies may change later).
    duration = models.CharField(max_length=12)
    calendar = models.CharField(max_length=40)
    pauses = models.BooleanField(default=False)
    breach_action = models.CharField(max_length=20, choices=BreachAction.choices)
    remind_before_minutes = models.PositiveIntegerField(null=True, blank=True)

    state = models.CharField(
        max_length=8, choices=DeadlineState.choices, default=DeadlineState.ACTIVE
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    # Counting: from ``counting_from`` the whole ``duration`` (remaining_seconds null)
    # or, after a pause, the ``remaining_seconds`` that were left. Paused: no
    # counting_from, remaining_seconds holds what is left (working seconds for h/d).
    counting_from = models.DateTimeField(null=True, blank=True)
    remaining_seconds = models.BigIntegerField(null=True, blank=True)
    unknown_year = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()
    # Worker claim (see tousu.sla.sweep): who holds the row and until when.
    claimed_by = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=32, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            # The sweep: "active and due", "claimed and lease expired" are range scans.
            models.Index(fields=["state", "due_at"], name="sla_deadline_due"),
            models.Index(fields=["state", "remind_at"], name="sla_deadline_remind"),
            models.Index(fields=["complaint", "clock"], name="sla_deadline_complaint"),
        ]
        constraints = [
            # At most one running instance of a clock per complaint.
            models.UniqueConstraint(
                fields=["complaint", "clock"],
                condition=models.Q(ended_at__isnull=True),
                name="sla_one_live_run_per_clock",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.clock}:{self.state}"


class ConfigVersion(models.Model):
    """One row whose token changes with every write to the SLA configuration (policies,
    clock rules, calendars, the holiday schedule), in that write's transaction.

    Each process keeps the configuration it read with the token it read it under
    (``tousu.sla.config``) and reads the five tables again only when the token differs.
    A random token, not a counter: a rolled-back change must never be mistaken for a
    later one that reached the same number.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("SLA configuration version")
