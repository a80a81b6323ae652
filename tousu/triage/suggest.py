"""One suggestion from a text, by rules or by the trained model (``TOUSU_TRIAGE_METHOD``).

Urgency is safety first: urgent when the rules OR the model say so, whichever method
suggests the category. The model is the newest ``TrainedModel``; before any
``triage_train`` run, one trained in memory from ``train.jsonl`` (version "builtin").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from tousu.triage import bayes, labelled, rules
from tousu.triage.models import Correction, Method, Suggestion, TrainedModel

BUILTIN = "builtin"


@dataclass(frozen=True)
class Result:
    category: str
    urgent: bool
    method: str
    model_version: str


def training_examples() -> tuple[list[labelled.Example], int]:
    """``train.jsonl`` plus the agents' corrections (never the held-out set)."""
    examples = labelled.read(labelled.TRAIN)
    corrections = list(
        Correction.objects.select_related("suggestion__complaint").order_by("created_at", "pk")
    )
    # One example per corrected complaint, labelled with the agents' last word on each field
    # (a field never corrected keeps the suggestion's urgency, the complaint's category).
    labels: dict[Suggestion, dict[str, str]] = {}
    for fix in corrections:
        labels.setdefault(fix.suggestion, {})[fix.field] = fix.corrected
    for suggestion, fixed in labels.items():
        urgent = fixed.get("urgent", "true" if suggestion.urgent else "false") == "true"
        category = fixed.get("category", suggestion.complaint.category)
        examples.append(labelled.Example(suggestion.complaint.description, category, urgent))
    return examples, len(corrections)


def train(examples: list[labelled.Example]) -> dict:
    return {
        "category": bayes.train((e.text, e.category) for e in examples),
        "urgent": bayes.train((e.text, "true" if e.urgent else "false") for e in examples),
    }


@lru_cache(maxsize=1)
def _builtin() -> dict:
    return train(labelled.read(labelled.TRAIN))


def current_model() -> tuple[str, dict]:
    newest = TrainedModel.objects.order_by("-created_at", "-pk").first()
    if newest is None:
        return BUILTIN, _builtin()
    return newest.version, newest.parameters


def by_rules(text: str) -> tuple[str, bool]:
    return rules.category(text), rules.urgent(text)


def by_model(text: str, parameters: dict) -> tuple[str, bool]:
    return (
        bayes.classify(parameters["category"], text),
        bayes.classify(parameters["urgent"], text) == "true",
    )


def suggest(text: str) -> Result | None:
    """None when triage is off."""
    method = settings.TOUSU_TRIAGE_METHOD
    if method == "off":
        return None
    version, parameters = current_model()
    model_category, model_urgent = by_model(text, parameters)
    rules_category, rules_urgent = by_rules(text)
    category = model_category if method == Method.MODEL else rules_category
    return Result(category, rules_urgent or model_urgent, method, version)


def stored(complaint) -> Suggestion | None:
    """What was suggested when the complaint was filed (None: triage was off, or older)."""
    return Suggestion.objects.filter(complaint=complaint).first()
