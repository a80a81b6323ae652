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


def scores(parameters: dict, text: str) -> dict[str, float]:
    """Log-probability (up to a constant) of each class for ``text``."""
    total_docs = sum(parameters["docs"].values())
    vocabulary = set().union(*parameters["counts"].values())
    size = len(vocabulary)
    words = [w for w in tokens(text) if w in vocabulary]  # a word never seen tells nothing
    result = {}
    for label, n_docs in parameters["docs"].items():
        counts = parameters["counts"].get(label, {})
        denominator = sum(counts.values()) + size
        score = math.log(n_docs / total_docs)
        for word in words:
            score += math.log((counts.get(word, 0) + 1) / denominator)
        result[label] = score
    return result


def classify(parameters: dict, text: str) -> str:
    ranked = scores(parameters, text)
    return max(sorted(ranked), key=lambda label: ranked[label])
