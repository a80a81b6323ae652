"""Template filters for money (integer fen) and masked personal data."""

from decimal import Decimal

from django import template

register = template.Library()


def fen_to_yuan(fen: int | None) -> str:
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:.2f}"


@register.filter
def yuan(fen: int | None) -> str:
    """12345 → '¥123.45'."""
    return "" if fen is None else f"¥{fen_to_yuan(fen)}"


@register.filter
def masked_phone(phone: str) -> str:
    """13812341234 → 138****1234."""
    digits = phone or ""
    return digits if len(digits) < 7 else f"{digits[:3]}****{digits[-4:]}"
