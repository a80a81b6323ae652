"""Incidents (群体投诉): many complaints against one shop about one product, alike in what
they say and filed close together, handled together on the desk (docs/incidents.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Incident(models.Model):
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="incidents"
    )
    # What the complaints are about: the order line's SKU, else its product name.
    product_key = models.CharField(_("product"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    opened_at = models.DateTimeField(_("opened at"))
    state = models.CharField(
        _("state"), max_length=8, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    complaints: "models.ManyToManyField" = models.ManyToManyField(
        "complaints.Complaint", through="IncidentComplaint", related_name="incidents"
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["merchant", "product_key", "state"], name="inc_key")]
        constraints = [
            # One open incident per shop and product: the grouping job adds to it.
            models.UniqueConstraint(
                fields=["merchant", "product_key"],
                condition=models.Q(state="open"),
                name="incident_one_open_per_product",
            )
        ]

    def __str__(self) -> str:
        return self.title


class IncidentComplaint(models.Model):
    """One complaint in an incident; a complaint is in at most one."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="members")
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="incident_link"
    )
    added_at = models.DateTimeField(_("added at"))
    # How it came in: grouped by the job, or a consumer who joined from the notice.
    joined = models.BooleanField(_("joined by the consumer"), default=False)

    class Meta:
        ordering = ["id"]
