"""Chinese word segmentation with jieba, initialised once per process and quietly.

jieba ships its dictionary inside the package, so nothing is downloaded; building the
prefix dictionary and adding the coach's lexicon words takes one to a few seconds. The
coach app's ``ready()`` starts that in a background thread (``preload``) when the process
starts (gunicorn worker, runserver, the worker), so the first coach request does not
wait for it; a call before it is done waits for the same build, never starts a second.
A private ``Tokenizer`` keeps our added words out of jieba's global default.
"""

from __future__ import annotations

import logging
import os
import threading

from tousu.coach import lexicons

_lock = threading.Lock()
_tokenizer = None
_preloading: threading.Thread | None = None


def _after_fork() -> None:
    # A child forked while a build held the lock would wait on it forever.
    global _lock, _preloading
    _lock, _preloading = threading.Lock(), None


os.register_at_fork(after_in_child=_after_fork)


def _build():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # silence "Building prefix dict…" on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in sorted(lexicons.all_words()):
        tokenizer.add_word(word)
    return tokenizer


def tokenizer():
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
    return [w for w in tokenizer().lcut(text, HMM=False) if w.strip()]
