"""The legal figures the calculator uses, as one value read from the settings.

Every figure is a named setting (``TOUSU_REMEDY_*``, docs/settings.md) whose default is
the one in DOMAIN.md §3; the calculator itself only sees a ``Rules`` value, so tests
and "what if" screens can pass their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rules:
    # 7-day no-reason return (消费者权益保护法 Art. 25), counted from the day after receipt.
    no_reason_return_days: int = 7
    # Defective goods may be returned within this many days of receipt (Art. 24).
    defect_return_days: int = 7
    # 三包: performance fault within 7 days → return, exchange or repair; within 15 → exchange or repair.
    sanbao_return_days: int = 7
    sanbao_exchange_days: int = 15
    # 三包: after this many failed repairs within the warranty → exchange or return.
    sanbao_failed_repairs: int = 2
    # Product categories covered by the 三包 rules (order-line categories).
    sanbao_categories: frozenset[str] = frozenset({"electronics", "home"})
    # Categories that are excluded from the no-reason return by their nature.
    custom_categories: frozenset[str] = frozenset({"custom"})
    perishable_categories: frozenset[str] = frozenset({"fresh"})
    # Categories where the food-safety rule can apply.
    food_categories: frozenset[str] = frozenset({"food", "fresh"})
    # Fraud (Art. 55): refund plus 3 × the price, at least 500 yuan.
    fraud_multiplier: Decimal = Decimal(3)
    fraud_minimum_fen: int = 50_000
    # Unsafe food (食品安全法 Art. 148): 10 × the price or 3 × the loss, at least 1,000 yuan.
    food_price_multiplier: Decimal = Decimal(10)
    food_loss_multiplier: Decimal = Decimal(3)
    food_minimum_fen: int = 100_000
    # The merchant refunds within this many days of receiving the returned goods.
    merchant_refund_days: int = 7


def from_settings() -> Rules:
    from django.conf import settings

    return Rules(
        no_reason_return_days=settings.TOUSU_REMEDY_NO_REASON_RETURN_DAYS,
        defect_return_days=settings.TOUSU_REMEDY_DEFECT_RETURN_DAYS,
        sanbao_return_days=settings.TOUSU_REMEDY_SANBAO_RETURN_DAYS,
        sanbao_exchange_days=settings.TOUSU_REMEDY_SANBAO_EXCHANGE_DAYS,
        sanbao_failed_repairs=settings.TOUSU_REMEDY_SANBAO_FAILED_REPAIRS,
        sanbao_categories=frozenset(settings.TOUSU_REMEDY_SANBAO_CATEGORIES),
        custom_categories=frozenset(settings.TOUSU_REMEDY_CUSTOM_CATEGORIES),
        perishable_categories=frozenset(settings.TOUSU_REMEDY_PERISHABLE_CATEGORIES),
        food_categories=frozenset(settings.TOUSU_REMEDY_FOOD_CATEGORIES),
        fraud_multiplier=Decimal(settings.TOUSU_REMEDY_FRAUD_MULTIPLIER),
        fraud_minimum_fen=settings.TOUSU_REMEDY_FRAUD_MINIMUM_FEN,
        food_price_multiplier=Decimal(settings.TOUSU_REMEDY_FOOD_PRICE_MULTIPLIER),
        food_loss_multiplier=Decimal(settings.TOUSU_REMEDY_FOOD_LOSS_MULTIPLIER),
        food_minimum_fen=settings.TOUSU_REMEDY_FOOD_MINIMUM_FEN,
        merchant_refund_days=settings.TOUSU_REMEDY_MERCHANT_REFUND_DAYS,
    )
