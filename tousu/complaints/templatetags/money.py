"""Template filters for money (integer fen) and masked personal data."""

from decimal import Decimal

from django import template

from tousu.accounts.phones import display, mask

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
    """+8613812341234 → 138****1234; fixed lines 021-****5288 (tousu.accounts.phones.mask)."""
    return mask(phone or "")


@register.filter
def phone_display(phone: str) -> str:
    """The national form, for numbers everyone may read (hotlines)."""
    return display(phone or "")
