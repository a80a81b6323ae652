"""Teams of customer-service staff (food safety, electronics, WeChat, …).

A complaint may belong to one team (``Complaint.team``); the queue, the automation
rules and the figures can then be taken by team. Members are platform staff only
(``tousu.teams.actions`` checks it). ``last_assignee`` is where round-robin assignment
stopped: the next complaint goes to the member after it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True, verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last given a complaint"),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
