"""One suggestion from a text, by rules or by the trained model (``TOUSU_TRIAGE_METHOD``).

Urgency is safety first: urgent when the rules OR the model say so, whichever method
suggests the category. The model is the newest ``TrainedModel``; before any
``triage_train`` run, one trained in memory from ``train.jsonl`` (version "builtin").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connection

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


@dataclass(frozen=True)
class Model:
    """A trained model ready to classify (``bayes.prepare`` of both its parts)."""

    version: str
    category: bayes.Prepared
    urgent: bayes.Prepared

    @classmethod
    def of(cls, version: str, parameters: dict) -> Model:
        return cls(
            version, bayes.prepare(parameters["category"]), bayes.prepare(parameters["urgent"])
        )


@lru_cache(maxsize=1)
def _builtin() -> Model:
    return Model.of(BUILTIN, train(labelled.read(labelled.TRAIN)))


# The newest trained model's id and version: what each filing asks the database. The
# parameters (a large JSON) are read and prepared again only when it changes, i.e. after a
# ``triage_train`` run in any process (rows are never changed: ``TrainedModel.save``).
_NEWEST_SQL = (
    f"SELECT id, version FROM {TrainedModel._meta.db_table} "  # noqa: S608
    "ORDER BY created_at DESC, id DESC LIMIT 1"
)
_cached: tuple[tuple[int, str] | None, Model] | None = None


def current_model() -> Model:
    """The newest ``TrainedModel``, prepared (before any, the builtin one); one small query
    when it is the one this process has already prepared."""
    global _cached
    with connection.cursor() as cursor:
        cursor.execute(_NEWEST_SQL)
        row = cursor.fetchone()
    token = (row[0], row[1]) if row else None
    if _cached is not None and _cached[0] == token:
        return _cached[1]
    if token is None:
        model = _builtin()
    else:
        parameters = TrainedModel.objects.values_list("parameters", flat=True).get(pk=token[0])
        model = Model.of(token[1], parameters)
    _cached = (token, model)
    return model


def by_rules(text: str) -> tuple[str, bool]:
    return rules.category(text), rules.urgent(text)


def by_model(text: str, model: Model | dict) -> tuple[str, bool]:
    """Category and urgency by the model (``model``: prepared, or trained parameters)."""
    if isinstance(model, dict):
        model = Model.of("", model)
    words = bayes.tokens(text)  # cut once for both parts
    return (
        bayes.classify_words(model.category, words),
        bayes.classify_words(model.urgent, words) == "true",
    )


def suggest(text: str) -> Result | None:
    """None when triage is off."""
    method = settings.TOUSU_TRIAGE_METHOD
    if method == "off":
        return None
    model = current_model()
    model_category, model_urgent = by_model(text, model)
    rules_category, rules_urgent = by_rules(text)
    category = model_category if method == Method.MODEL else rules_category
    return Result(category, rules_urgent or model_urgent, method, model.version)


def stored(complaint) -> Suggestion | None:
    """What was suggested when the complaint was filed (None: triage was off, or older)."""
    return Suggestion.objects.filter(complaint=complaint).first()
