"""Precision and recall of a suggester on labelled examples (``tousu triage_eval``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tousu.triage.labelled import Example


@dataclass(frozen=True)
class Score:
    label: str
    support: int  # examples that truly have the label
    predicted: int  # examples the suggester gave the label
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None


def _score(label: str, pairs: list[tuple[str, str]]) -> Score:
    return Score(
        label,
        support=sum(1 for truth, _ in pairs if truth == label),
        predicted=sum(1 for _, guess in pairs if guess == label),
        correct=sum(1 for truth, guess in pairs if truth == guess == label),
    )


@dataclass(frozen=True)
class Report:
    accuracy: float
    categories: list[Score]
    urgent: Score


def evaluate(
    examples: list[Example], suggester: Callable[[str], tuple[str, bool]], labels: list[str]
) -> Report:
    guesses = [suggester(e.text) for e in examples]
    categories = [(e.category, g[0]) for e, g in zip(examples, guesses, strict=True)]
    urgency = [(str(e.urgent), str(g[1])) for e, g in zip(examples, guesses, strict=True)]
    right = sum(1 for truth, guess in categories if truth == guess)
    return Report(
        accuracy=right / len(examples) if examples else 0.0,
        categories=[_score(label, categories) for label in labels],
        urgent=_score("True", urgency),
    )
