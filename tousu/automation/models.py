"""Automation rules (docs/automation.md): supervisors' rules as data, the triggers waiting
for the worker, the audit of each firing, and the tags rules (and later people) put on
complaints. Written only through ``tousu.automation.actions`` and ``tousu.automation.engine``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    FILED = "filed", _("A complaint is filed")
    STATUS_CHANGED = "status_changed", _("The status changes")
    DEADLINE_APPROACHING = "deadline_approaching", _("A deadline is approaching")
    DEADLINE_MISSED = "deadline_missed", _("A deadline is missed")
    CONSUMER_MESSAGE = "consumer_message", _("The consumer writes a message")
    URGED = "urged", _("The consumer urges it N times")


class Rule(models.Model):
    """When ``trigger`` happens to a complaint that meets every condition, take the actions.

    ``trigger_params``, ``conditions`` and ``actions`` are JSON checked by
    ``tousu.automation.spec`` (the shapes are in docs/automation.md); ``team``, when set,
    limits the rule to that team's complaints.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Rules on one event run in this order (lower first), then by id.
    order = models.PositiveIntegerField(_("run order"), default=100)
    trigger = models.CharField(_("trigger"), max_length=24, choices=Trigger.choices)
    trigger_params = models.JSONField(_("trigger parameters"), default=dict, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("only the team's complaints"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("automation rule")
        verbose_name_plural = _("automation rules")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["trigger", "is_active"], name="rule_trigger_active")]

    def __str__(self) -> str:
        return self.name


class PendingTrigger(models.Model):
    """Something happened that active rules listen to; the worker applies them and deletes
    the row. Written by ``tousu.automation.capture`` in the transaction of the change."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    trigger = models.CharField(max_length=24, choices=Trigger.choices)
    # What happened, once: "e<timeline event id>", "r<deadline id>@<reminder time>", …
    event_key = models.CharField(max_length=64)
    # The facts the trigger's parameters are checked against (new status, clock, urge count).
    facts = models.JSONField(default=dict)
    # The depth the rules it triggers run at: 1 for a person's or the system's change, one
    # more for each rule in a chain (at most TOUSU_AUTOMATION_MAX_DEPTH).
    depth = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "event_key"], name="pending_trigger_once_per_event"
            )
        ]


class RunOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PARTLY = "partly", _("Partly refused")
    REFUSED = "refused", _("Refused")


class RuleRun(models.Model):
    """The audit of one firing: which rule, on which complaint, for which event, at what
    depth, and what each action did or why it was refused. A rule fires at most once per
    complaint and event (the unique constraint)."""

    rule = models.ForeignKey(Rule, on_delete=models.SET_NULL, null=True, related_name="runs")
    rule_name = models.CharField(max_length=80)  # kept when the rule is deleted
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    trigger = models.CharField(max_length=24, choices=Trigger.choices)
    event_key = models.CharField(max_length=64)
    depth = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    outcome = models.CharField(max_length=8, choices=RunOutcome.choices, default=RunOutcome.APPLIED)
    # One entry per action: {"kind", "ok", "data" (what it did) or "reason" (why not)}.
    results = models.JSONField(default=list)
    # Triggers the actions caused but that were not passed on: the chain reached its depth limit.
    stopped = models.JSONField(default=list)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "complaint", "event_key"], name="rule_run_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["rule", "-id"], name="rule_run_rule_id")]


class ComplaintTag(models.Model):
    """A short label on a complaint ("VIP", "媒体关注"), added through
    ``tousu.automation.actions.add_tag`` (an internal timeline event says who added it)."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("tag"), max_length=32)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "name"], name="complaint_tag_once")
        ]
        indexes = [models.Index(fields=["name", "complaint"], name="complaint_tag_name")]

    def __str__(self) -> str:
        return self.name
