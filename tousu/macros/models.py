"""Macros: canned replies with variables, optionally taking a step of the workflow.

Supervisors manage them, agents use them (docs/desk.md#macros). Written only through
``tousu.macros.actions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.complaints.workflow import TRANSITIONS


class Macro(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    body = models.TextField(_("reply"))
    # A plain step of tousu.complaints.workflow the platform may take ("" = none).
    step = models.CharField(_("then take the step"), max_length=32, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def step_label(self) -> str:
        step = TRANSITIONS.get(self.step)
        return str(step.label) if step else ""
