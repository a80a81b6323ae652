"""Texts to index tokens, and queries to the same tokens (jieba search mode).

Both sides go through ``words``: jieba's ``cut_for_search`` over the coach's tokenizer
(``tousu.coach.segment``: lazy, quiet, with the coach's lexicons), which emits each
word and, for long words, the dictionary words inside them (中华人民共和国 → 中华 华人
人民 共和 共和国 中华人民共和国), so 退款 is found in 退款申请 and in 未退款.
Tokens are lower-cased; punctuation and spaces are dropped. Single CJK characters are
not added beside the words: measured on the benchmark texts they doubled the index for
no gain on whole-word queries (docs/architecture.md#search).
"""

from __future__ import annotations

from tousu.coach import segment


def clean(text: str) -> str:
    """``text`` without lone surrogates (they cannot be stored or encoded)."""
    return text.encode("utf-8", "ignore").decode("utf-8")


def words(text: str) -> list[str]:
    """The index tokens of ``text``, in order (repeats kept: they count for ranking)."""
    text = clean(text or "")
    if not text.strip():
        return []
    cut = segment.search_words(text)
    return [w.lower() for w in cut if any(ch.isalnum() for ch in w)]


def joined(text: str) -> str:
    """The tokens of ``text`` as the space-separated string the index stores."""
    return " ".join(words(text))
