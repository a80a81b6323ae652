"""What the desk keeps of its own: saved queue views and who has a complaint open.

Written only through ``tousu.desk.actions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A named combination of queue filters (the query string), personal or shared with all staff."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    shared = models.BooleanField(_("shared with all staff"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="desk_view_name_per_owner")
        ]
        indexes = [models.Index(fields=["shared", "name"], name="desk_view_shared_name")]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """A member of staff has a complaint's workbench open (and is typing a reply), as of ``seen_at``.

    The workbench pings every TOUSU_DESK_PRESENCE_POLL_SECONDS; a row older than
    TOUSU_DESK_PRESENCE_EXPIRY_SECONDS no longer counts and is deleted on a later ping.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    typing = models.BooleanField(default=False)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="desk_presence_once")
        ]
        indexes = [models.Index(fields=["user", "seen_at"], name="desk_presence_user_seen")]
