"""The labelled complaints: ``data/train.jsonl`` (training) and ``data/heldout.jsonl``
(measurement only; nothing that trains reads it). One JSON object a line:
``{"text": …, "category": <Category value>, "urgent": true|false}``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TRAIN = DATA / "train.jsonl"
HELDOUT = DATA / "heldout.jsonl"


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    urgent: bool


def read(path: Path) -> list[Example]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append(Example(row["text"], row["category"], bool(row["urgent"])))
    return rows
