"""Word lists the coach looks for, kept as data files the team can extend.

``tousu/coach/lexicons/<name>.txt``: one word or phrase per line; blank lines and lines
starting with ``#`` are ignored. Every entry is also added to the segmenter's
dictionary (``segment.py``), so a listed phrase is found as one word and a listed
single character (滚) is not found inside a longer word (滚筒).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "lexicons"
NAMES = ("exaggeration", "insults", "threats", "promised", "received")


def parse(text: str) -> frozenset[str]:
    words = set()
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return frozenset(words)


@lru_cache(maxsize=None)
def load(name: str) -> frozenset[str]:
    """The words of one lexicon (read once per process)."""
    return parse((DIRECTORY / f"{name}.txt").read_text(encoding="utf-8"))


def all_words() -> frozenset[str]:
    return frozenset().union(*(load(name) for name in NAMES))
