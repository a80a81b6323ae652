"""Chinese word segmentation with jieba, initialised once, lazily and quietly.

jieba ships its dictionary inside the package, so nothing is downloaded; the first
call builds the prefix dictionary (about a second, cached by jieba in the temp
directory) and adds the coach's lexicon words. A private ``Tokenizer`` keeps our
added words out of jieba's global default, which other code may use.
"""

from __future__ import annotations

import logging
import threading

from tousu.coach import lexicons

_lock = threading.Lock()
_tokenizer = None


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


def words(text: str) -> list[str]:
    """The words of ``text``; dictionary-driven (no HMM guessing) so matches are predictable."""
    return [w for w in tokenizer().lcut(text, HMM=False) if w.strip()]
