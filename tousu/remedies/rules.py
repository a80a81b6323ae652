"""The legal figures the calculator uses, as one value read from the settings.

Every figure is a named setting (``TOUSU_REMEDY_*``, docs/settings.md) whose default is
the one in docs/domain.md#consumer-law; the calculator itself only sees a ``Rules`` value, so tests
and "what if" screens can pass their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from django.conf import settings

from tousu.sla.calendars import load_schedule
from tousu.sla.worktime import NationalSchedule


@dataclass(frozen=True)
class SanbaoKind:
    """The 三包 figures of one product kind on the catalogue (部分商品修理更换退货责任规定 and the
    product's own 三包 rules). Days count from delivery, or from the invoice date when known."""

    warranty_days: int  # the whole product
    main_parts_days: int  # main parts (a fault in a main part is covered this long)
    return_days: int = 7  # performance fault within N days → return, exchange or repair
    exchange_days: int = 15  # within M days → exchange or repair
    failed_repairs: int = (
        2  # after this many failed repairs within the warranty → exchange or return
    )
    depreciation_per_day: Decimal = Decimal(
        0
    )  # share of the price a return after repairs may deduct per day of use


def sanbao_catalogue(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, SanbaoKind]:
    """``{"mobile_phone": {"warranty_days": 365, …}}`` (the setting) → ``SanbaoKind`` values."""
    catalogue = {}
    for kind, figures in raw.items():
        values = dict(figures)
        values.pop("label", None)
        if "depreciation_per_day" in values:
            values["depreciation_per_day"] = Decimal(str(values["depreciation_per_day"]))
        catalogue[kind] = SanbaoKind(**values)
    return catalogue


@dataclass(frozen=True)
class Rules:
    # 7-day no-reason return (消费者权益保护法 Art. 25), counted from the day after receipt.
    no_reason_return_days: int = 7
    # Defective goods may be returned within this many days of receipt (Art. 24).
    defect_return_days: int = 7
    # The 三包 catalogue: product kind → its figures. Goods of any other kind are not 三包 goods.
    sanbao: Mapping[str, SanbaoKind] = field(default_factory=dict)
    # Categories that are excluded from the no-reason return by their nature.
    custom_categories: frozenset[str] = frozenset({"custom"})
    perishable_categories: frozenset[str] = frozenset({"fresh"})
    # Categories where the food-safety rule can apply.
    food_categories: frozenset[str] = frozenset({"food", "fresh"})
    # Fraud (Art. 55): refund plus 3 × the price, at least 500 yuan.
    fraud_multiplier: Decimal = Decimal(3)
    fraud_minimum_fen: int = 50_000
    # Unsafe food (食品安全法 Art. 148): the proven loss, plus 10 × the price or 3 × the loss, at least 1,000 yuan.
    food_price_multiplier: Decimal = Decimal(10)
    food_loss_multiplier: Decimal = Decimal(3)
    food_minimum_fen: int = 100_000
    # The merchant refunds within this many days of receiving the returned goods.
    merchant_refund_days: int = 7
    # Civil Code Art. 203: a last day on a statutory holiday moves to the next working day
    # (None: calendar days, as most platforms count).
    holidays: NationalSchedule | None = None


def from_settings() -> Rules:
    holidays = load_schedule() if settings.TOUSU_REMEDY_HOLIDAY_MOVES_LAST_DAY else None
    return Rules(
        no_reason_return_days=settings.TOUSU_REMEDY_NO_REASON_RETURN_DAYS,
        defect_return_days=settings.TOUSU_REMEDY_DEFECT_RETURN_DAYS,
        sanbao=sanbao_catalogue(settings.TOUSU_REMEDY_SANBAO_CATALOGUE),
        custom_categories=frozenset(settings.TOUSU_REMEDY_CUSTOM_CATEGORIES),
        perishable_categories=frozenset(settings.TOUSU_REMEDY_PERISHABLE_CATEGORIES),
        food_categories=frozenset(settings.TOUSU_REMEDY_FOOD_CATEGORIES),
        fraud_multiplier=Decimal(settings.TOUSU_REMEDY_FRAUD_MULTIPLIER),
        fraud_minimum_fen=settings.TOUSU_REMEDY_FRAUD_MINIMUM_FEN,
        food_price_multiplier=Decimal(settings.TOUSU_REMEDY_FOOD_PRICE_MULTIPLIER),
        food_loss_multiplier=Decimal(settings.TOUSU_REMEDY_FOOD_LOSS_MULTIPLIER),
        food_minimum_fen=settings.TOUSU_REMEDY_FOOD_MINIMUM_FEN,
        merchant_refund_days=settings.TOUSU_REMEDY_MERCHANT_REFUND_DAYS,
        holidays=holidays,
    )
