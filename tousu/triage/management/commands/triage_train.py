"""``tousu triage_train``: train the naive Bayes on train.jsonl plus the agents' corrections."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from tousu.triage import suggest
from tousu.triage.models import TrainedModel


class Command(BaseCommand):
    help = "Train the triage model on train.jsonl and the agents' corrections (never the held-out set)."

    def handle(self, *args, **options) -> None:
        examples, corrections = suggest.training_examples()
        version = timezone.now().strftime("nb-%Y%m%d%H%M%S%f")
        TrainedModel.objects.create(
            version=version,
            parameters=suggest.train(examples),
            examples=len(examples),
            corrections=corrections,
        )
        self.stdout.write(
            f"trained {version} on {len(examples)} examples ({corrections} corrections)"
        )
