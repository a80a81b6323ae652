"""Chinese word segmentation with jieba's dictionary, initialised once per process.

The segmenter is rjieba, the Python binding of jieba-rs: jieba's algorithm and its
dictionary (shipped inside the package, nothing is downloaded) in Rust. Per process it
holds ~24 MB where the pure-Python jieba held ~75 MB, and it builds in a fraction of a
second (docs/coach.md#segmentation). rjieba builds its segmenter when it is imported;
the coach's lexicon words are added to it (through its module functions) in a background
thread that the coach app's ``ready()`` starts (``preload``), so no request waits; a call
before that is done waits for the same build, never starts a second.
"""

from __future__ import annotations

import os
import threading
from types import ModuleType

import rjieba

from tousu.coach import lexicons

_lock = threading.Lock()
_tokenizer = None
_preloading: threading.Thread | None = None


def _after_fork() -> None:
    # A child forked while a build held the lock would wait on it forever.
    global _lock, _preloading
    _lock, _preloading = threading.Lock(), None


os.register_at_fork(after_in_child=_after_fork)


def _build() -> ModuleType:
    # rjieba builds one segmenter with jieba's dictionary when it is imported, behind its
    # module functions; a second ``rjieba.Jieba()`` would hold the dictionary twice. Nothing
    # else in the process uses rjieba, so the coach's words go into that one.
    for word in sorted(lexicons.all_words()):
        rjieba.add_word(word, None, None)  # frequency suggested, as jieba.add_word does
    return rjieba


def tokenizer() -> ModuleType:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build()
    return _tokenizer


def is_ready() -> bool:
    return _tokenizer is not None


def preload() -> threading.Thread:
    """Build the tokenizer in a background (daemon) thread; once per process."""
    global _preloading
    with _lock:
        if _preloading is None:
            _preloading = threading.Thread(target=tokenizer, name="coach-jieba", daemon=True)
            _preloading.start()
        return _preloading


def words(text: str) -> list[str]:
    """The words of ``text``; dictionary-driven (no HMM guessing) so matches are predictable."""
    return [w for w in tokenizer().cut(text, False) if w.strip()]


def search_words(text: str) -> list[str]:
    """Search mode: each word and, for long words, the dictionary words inside them
    (中华人民共和国 → 中华 华人 人民 共和 共和国 中华人民共和国)."""
    return tokenizer().cut_for_search(text, False)
