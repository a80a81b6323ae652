"""The rules suggester: keyword lists kept as data files, ``keywords/<category>.txt`` and
``keywords/urgent.txt`` (one word or phrase a line, ``#`` starts a comment).

A category scores one point per listed phrase found in the text (a substring: a phrase
need not be one segmented word); the highest score wins, ties go to the earlier category
in ``Category``; no hit at all: ``other``. Urgent when any urgent phrase is found.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tousu.complaints.choices import Category

DIRECTORY = Path(__file__).resolve().parent / "keywords"


def _parse(text: str) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(word for word in lines if word)


@lru_cache(maxsize=None)
def keywords(name: str) -> tuple[str, ...]:
    path = DIRECTORY / f"{name}.txt"
    return _parse(path.read_text(encoding="utf-8")) if path.exists() else ()


def category(text: str) -> str:
    best, best_score = Category.OTHER.value, 0
    for value in Category.values:
        score = sum(1 for word in keywords(value) if word in text)
        if score > best_score:
            best, best_score = value, score
    return best


def urgent(text: str) -> bool:
    return any(word in text for word in keywords("urgent"))
