"""A multinomial naive Bayes over segmented words (``tousu.coach.segment``), by hand.

``train`` counts words per class; ``classify`` picks the class with the highest
log P(class) + Σ log P(word | class), add-one (Laplace) smoothing over the vocabulary; words never
seen in training are left out (they would favour the class with fewer words).
The trained parameters are plain JSON (``TrainedModel.parameters``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from tousu.coach import segment


def tokens(text: str) -> list[str]:
    """The words that carry meaning: segmented, punctuation and spaces dropped."""
    return [w for w in segment.words(text) if any(ch.isalnum() for ch in w)]


def train(examples: Iterable[tuple[str, str]]) -> dict:
    """Parameters from ``(text, label)`` pairs."""
    docs: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for text, label in examples:
        docs[label] += 1
        counts[label].update(tokens(text))
    return {"docs": dict(docs), "counts": {label: dict(c) for label, c in counts.items()}}


@dataclass(frozen=True)
class Prepared:
    """Trained parameters with what every classification needs computed once: the classes'
    document counts, word counts and denominators, and the vocabulary."""

    docs: dict[str, int]
    total_docs: int
    counts: dict[str, dict[str, int]]
    denominators: dict[str, int]
    vocabulary: frozenset[str]


def prepare(parameters: dict | Prepared) -> Prepared:
    if isinstance(parameters, Prepared):
        return parameters
    vocabulary = frozenset().union(*parameters["counts"].values())
    counts = {label: parameters["counts"].get(label, {}) for label in parameters["docs"]}
    return Prepared(
        docs=dict(parameters["docs"]),
        total_docs=sum(parameters["docs"].values()),
        counts=counts,
        denominators={label: sum(c.values()) + len(vocabulary) for label, c in counts.items()},
        vocabulary=vocabulary,
    )


def scores_of_words(model: Prepared, words: list[str]) -> dict[str, float]:
    """``scores`` for a text already cut into ``tokens``."""
    known = [w for w in words if w in model.vocabulary]  # a word never seen tells nothing
    result = {}
    for label, n_docs in model.docs.items():
        counts, denominator = model.counts[label], model.denominators[label]
        score = math.log(n_docs / model.total_docs)
        for word in known:
            score += math.log((counts.get(word, 0) + 1) / denominator)
        result[label] = score
    return result


def scores(parameters: dict | Prepared, text: str) -> dict[str, float]:
    """Log-probability (up to a constant) of each class for ``text``."""
    return scores_of_words(prepare(parameters), tokens(text))


def best(ranked: dict[str, float]) -> str:
    return max(sorted(ranked), key=lambda label: ranked[label])


def classify(parameters: dict | Prepared, text: str) -> str:
    return best(scores(parameters, text))


def classify_words(model: Prepared, words: list[str]) -> str:
    return best(scores_of_words(model, words))
