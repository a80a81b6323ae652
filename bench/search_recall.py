#!/usr/bin/env python
"""Recall of the search tokens: jieba search-mode words alone, or words plus single characters.

    .venv/bin/python bench/search_recall.py --docs 20000

Generates descriptions and messages with the seed's own generator (``bench/texts.py``,
no database) and asks, for queries drawn from the same phrase lists, which complaints
each token scheme finds, against the truth “the text contains the query”:

* words: ``tousu.search.tokens.words`` on both sides, every query token in the text's
  tokens (what the index does);
* words + characters: as above, or the query's characters as a phrase of single-character
  tokens (what indexing CJK characters as well would add).

Queries are (a) dictionary words (the query is one jieba word) and (b) any 2–4 character
run of Chinese from the phrase lists, including fragments across word boundaries.
Prints recall per scheme and the tokens per complaint each scheme stores (the index
grows with it).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

import texts  # noqa: E402

from tousu.coach import segment  # noqa: E402
from tousu.search import tokens  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]+")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=20_000)
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--show", action="store_true", help="print the dictionary words missed")
    a = p.parse_args()
    rnd = random.Random(a.seed)
    docs = []
    for _ in range(a.docs):
        text = texts.description(rnd, rnd.choice(list(texts.PROBLEMS)), "无线蓝牙耳机")
        if rnd.random() < 0.4:
            text += "".join(texts.message(rnd, "consumer") for _ in range(rnd.randint(1, 3)))
        docs.append((text, set(tokens.words(text)), "".join(CJK.findall(text))))
    pool = (
        texts.OPENINGS
        + [s for group in texts.PROBLEMS.values() for s in group]
        + texts.DEMANDS
        + texts.MESSAGES
        + texts.REPLIES
        + texts.MERCHANT
        + texts.NOTES
    )
    fragments = sorted(
        {
            run[k : k + n]
            for s in pool
            for run in CJK.findall(s)
            for n in (2, 3, 4)
            for k in range(len(run) - n + 1)
        }
    )
    rnd.shuffle(fragments)
    fragments = fragments[: a.queries]
    words = [q for q in fragments if len(segment.words(q)) == 1]
    missed: dict[str, str] = {}
    for name, queries in (("dictionary words", words), ("any 2-4 character run", fragments)):
        truth = found_words = found_both = 0
        for q in queries:
            wanted = tokens.words(q)
            for text, toks, chars in docs:
                if q not in text:
                    continue
                truth += 1
                by_words = all(t in toks for t in wanted)
                if a.show and not by_words and queries is words:
                    at = text.index(q)
                    missed.setdefault(q, text[max(0, at - 4) : at + len(q) + 4])
                found_words += by_words
                found_both += by_words or q in chars
        print(
            f"{name}: {len(queries)} queries, {truth} (query, complaint) pairs; recall "
            f"words {found_words / truth:.1%}, words + characters {found_both / truth:.1%}"
        )
    for q, context in missed.items():
        print(f"  missed {q} in …{context}… → {' '.join(tokens.words(context))}")
    per_words = sum(len(tokens.words(t)) for t, _, _ in docs) / len(docs)
    per_chars = sum(len(c) for _, _, c in docs) / len(docs)
    print(
        f"tokens per complaint: words {per_words:.1f}, words + characters "
        f"{per_words + per_chars:.1f} ({(per_words + per_chars) / per_words:.2f}×)"
    )


if __name__ == "__main__":
    main()
