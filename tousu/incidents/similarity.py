"""What a complaint is about (its product key) and how alike two descriptions are."""

from __future__ import annotations

from django.conf import settings

from tousu.coach.segment import words
from tousu.complaints.models import Complaint


def product_of(complaint: Complaint) -> tuple[str, str] | None:
    """``(key, name)`` of the product the complaint is about: its first chosen line (SKU,
    else product name), else the order's first item; ``None`` without an order."""
    line = next(iter(complaint.lines.all()), None)
    if line is not None:
        return (line.sku or line.product_name, line.product_name)
    item = next(iter(complaint.order.items.all()), None) if complaint.order else None
    if item is None:
        return None
    return (item.sku or item.product_name, item.product_name)


def word_set(text: str) -> frozenset[str]:
    """The words of a description, without punctuation."""
    return frozenset(w for w in words(text) if any(ch.isalnum() for ch in w))


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """At least ``TOUSU_INCIDENT_SIMILARITY_PERCENT`` of the words in common (Jaccard)."""
    if not a or not b:
        return False
    shared = len(a & b) * 100
    return shared >= settings.TOUSU_INCIDENT_SIMILARITY_PERCENT * len(a | b)
