"""What the triage suggested for each complaint, the agents' corrections, trained models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.complaints.choices import Category
from tousu.complaints.models import Complaint


class Method(models.TextChoices):
    RULES = "rules", _("rules")
    MODEL = "model", _("model")


class Suggestion(models.Model):
    """The category and urgency suggested from the complaint's text when it was filed."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="triage_suggestion"
    )
    category = models.CharField(max_length=24, choices=Category.choices)
    urgent = models.BooleanField(default=False)
    method = models.CharField(max_length=8, choices=Method.choices)
    model_version = models.CharField(max_length=40, blank=True)
    raised_priority = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)


class Correction(models.Model):
    """An agent disagreed with a suggestion: the urgency (through the priority) or the
    category; ``triage_train`` learns from these."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=16)  # "urgent" or "category"
    suggested = models.CharField(max_length=24)
    corrected = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


class TrainedModel(models.Model):
    """Naive Bayes parameters from one ``triage_train`` run; the newest is used."""

    version = models.CharField(max_length=40, unique=True)
    parameters = models.JSONField()
    examples = models.PositiveIntegerField()
    corrections = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def save(self, *args, **kwargs):
        # Each process keeps the newest model it prepared, known by its id and version
        # (tousu.triage.suggest.current_model): a model changed in place would go unseen.
        if self.pk is not None:
            raise RuntimeError("A trained model is never changed: train a new one")
        super().save(*args, **kwargs)
