"""A complaint that came to the platform from outside: 12315, a regulator or Black Cat.

Each ``ExternalCase`` is filed as an ordinary complaint (``tousu.complaints.actions``)
and keeps where it came from, the other side's case number and the payload as received.
docs/external-cases.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.complaints.choices import Channel


class Source(models.TextChoices):
    REGULATOR_12315 = "12315", _("12315 (online dispute resolution)")
    REGULATOR = "regulator", _("Market regulator")
    BLACK_CAT = "blackcat", _("Black Cat")


# The complaint channel a source's cases are filed under. Regulators forward through the
# 12315 system, so their cases run on the 12315 channel and its SLA policy.
CHANNEL_FOR_SOURCE = {
    Source.REGULATOR_12315: Channel.REGULATOR_12315,
    Source.REGULATOR: Channel.REGULATOR_12315,
    Source.BLACK_CAT: Channel.BLACK_CAT,
}


class ExternalCase(models.Model):
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    external_id = models.CharField(_("external case number"), max_length=64)
    received_at = models.DateTimeField(_("received at"))
    complaint = models.OneToOneField(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        related_name="external_case",
        verbose_name=_("complaint"),
    )
    payload = models.JSONField(_("payload as received"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external case")
        verbose_name_plural = _("external cases")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="external_case_unique_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"
