"""Highlighted excerpts: where in a complaint's texts the query's words are.

The index stores tokens, not readable text, so excerpts are cut from the texts
themselves (the description and the timeline's messages and notes): the text with the
most of the query's words wins, the excerpt starts a little before the first of them,
and every occurrence of a word in it is marked. ``Snippet.html`` escapes the text and
only then adds ``<mark>``; ``Snippet.spans`` gives the API the marked ranges instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tousu.complaints.choices import EventKind
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.search.query import Query

BEFORE = 24  # at most this many characters shown before the first match
LENGTH = 90  # characters in an excerpt
BOUNDARIES = set("。！？；，、.!?;, ")


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...]  # [start, end) of each marked range in ``text``
    source: str  # "description", "message" or "note"

    @property
    def html(self) -> SafeString:
        out, at = [], 0
        for start, end in self.spans:
            out += [escape(self.text[at:start]), "<mark>", escape(self.text[start:end]), "</mark>"]
            at = end
        out.append(escape(self.text[at:]))
        return mark_safe("".join(out))


def spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` ranges of every case-insensitive occurrence of ``words``."""
    lower = text.lower()
    found = []
    for word in {w for w in words if w}:
        at = lower.find(word)
        while at != -1:
            found.append((at, at + len(word)))
            at = lower.find(word, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def excerpt(text: str, words: Iterable[str], source: str) -> Snippet:
    text = " ".join(text.split())
    marks = spans(text, words)
    start = _start(text, marks[0][0]) if marks else 0
    end = min(len(text), start + LENGTH)
    head = "…" if start else ""
    tail = "…" if end < len(text) else ""
    shift = len(head) - start
    inside = tuple(
        (max(s, start) + shift, min(e, end) + shift) for s, e in marks if s < end and e > start
    )
    return Snippet(head + text[start:end] + tail, inside, source)


def _start(text: str, first: int) -> int:
    """Where to begin: the text's start if the match is near it, else after the last
    punctuation within ``BEFORE`` characters of the match, else ``BEFORE`` before it."""
    if first <= BEFORE:
        return 0
    for at in range(first - 1, first - BEFORE - 1, -1):
        if text[at] in BOUNDARIES:
            return at + 1
    return first - BEFORE


def best(texts: list[tuple[str, str]], words: tuple[str, ...]) -> Snippet | None:
    """The excerpt of the ``(source, text)`` holding the most distinct words, if any."""
    if not words:
        return None
    scored = []
    for order, (source, text) in enumerate(texts):
        lower = text.lower()
        hits = sum(1 for w in words if w in lower)
        if hits:
            scored.append((-hits, order, source, text))
    if not scored:
        return None
    _, _, source, text = min(scored)
    return excerpt(text, words, source)


def for_complaints(complaints: list[Complaint], query: Query) -> dict[int, Snippet]:
    """One excerpt per complaint that has the words in its description or timeline."""
    words = query.distinct_words
    if not words or not complaints:
        return {}
    texts: dict[int, list[tuple[str, str]]] = {
        c.pk: [("description", c.description)] for c in complaints
    }
    events = (
        ComplaintEvent.objects.filter(complaint_id__in=list(texts))
        .exclude(body="")
        .exclude(kind=EventKind.FILED)
        .order_by("id")
        .values_list("complaint_id", "body", "internal")
    )
    for complaint_id, body, internal in events:
        texts[complaint_id].append(("note" if internal else "message", body))
    found = {pk: best(items, words) for pk, items in texts.items()}
    return {pk: snippet for pk, snippet in found.items() if snippet}
