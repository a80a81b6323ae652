"""The rollup tables' upkeep (placeholder until the rollups land)."""

from __future__ import annotations


def on_breached(event) -> None:
    return None
