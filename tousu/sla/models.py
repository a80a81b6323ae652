"""Working-time calendars and the national holiday schedule entered by administrators.

The State Council schedule for the years ``chinese-calendar`` covers comes from the
library; ``ScheduleYear`` and ``DayOverride`` hold the years an administrator enters
(the schedule for the next year is published around November). Counting itself lives
in ``tousu.sla.worktime`` and never touches the ORM; ``tousu.sla.calendars`` loads
these rows into it.
"""

from __future__ import annotations

from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_CALENDAR = "office"


class DayRule(models.TextChoices):
    WORKING_DAYS = "working_days", _("Working days (State Council schedule, with make-up days)")
    EVERY_DAY = "every_day", _("Every day, public holidays included")


class WorkCalendar(models.Model):
    """When a team works: which days, and the opening hours on each of them."""

    name = models.SlugField(_("name"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    day_rule = models.CharField(_("working days"), max_length=16, choices=DayRule.choices,
                                default=DayRule.WORKING_DAYS)
    opens_at = models.TimeField(_("opens at"), default=time(9))
    closes_at = models.TimeField(
        _("closes at"), default=time(18),
        help_text=_("Same day as the opening; a shift past midnight is not supported."),
    )

    class Meta:
        verbose_name = _("working-time calendar")
        verbose_name_plural = _("working-time calendars")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(opens_at__lt=models.F("closes_at")),
                                   name="sla_calendar_opens_before_closing"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})


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
        _("source"), max_length=300, blank=True,
        help_text=_("The State Council notice this schedule follows (title, number or address)."),
    )
    complete = models.BooleanField(
        _("complete"), default=False,
        help_text=_("Tick once every holiday and make-up working day of the year is entered. "
                    "Until then the year is not used."),
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

    schedule = models.ForeignKey(ScheduleYear, on_delete=models.CASCADE, related_name="days",
                                 verbose_name=_("schedule year"))
    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("make-up working day"), default=False,
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
            raise ValidationError({"date": _("The date must lie in %(year)s.") % {"year": schedule.year}})
        if self.is_working_day and self.date.weekday() < 5:
            raise ValidationError(
                {"is_working_day": _("A make-up working day falls on a Saturday or Sunday.")}
            )
