"""The legal figures the calculator uses, as one value read from the settings.

Every figure is a named setting (``TOUSU_REMEDY_*``, docs/settings.md) whose default is
the one in docs/domain.md#consumer-law (each figure a setting, written in settings.py and
nowhere else); the calculator itself only sees a ``Rules`` value, so tests and "what if"
screens can pass their own (``from_settings(no_reason_return_days=10)``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    return_days: int  # performance fault within N days → return, exchange or repair
    exchange_days: int  # within M days → exchange or repair
    failed_repairs: int  # after this many failed repairs within the warranty → exchange or return
    depreciation_per_day: Decimal  # share of the price a return after repairs may deduct per day


def sanbao_kind(**figures: Any) -> SanbaoKind:
    """One kind's figures; those left out are ``TOUSU_REMEDY_SANBAO_DEFAULTS``."""
    values = {**settings.TOUSU_REMEDY_SANBAO_DEFAULTS, **figures}
    values.pop("label", None)
    values["depreciation_per_day"] = Decimal(str(values["depreciation_per_day"]))
    return SanbaoKind(**values)


def sanbao_catalogue(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, SanbaoKind]:
    """``{"mobile_phone": {"warranty_days": 365, …}}`` (the setting) → ``SanbaoKind`` values."""
    return {kind: sanbao_kind(**figures) for kind, figures in raw.items()}


@dataclass(frozen=True)
class Rules:
    """The figures, each from its ``TOUSU_REMEDY_*`` setting (``from_settings``); no defaults
    here, so a figure is written once, in tousu/settings.py."""

    # No-reason return (消费者权益保护法 Art. 25), days counted from the day after receipt.
    no_reason_return_days: int
    # Defective goods may be returned within this many days of receipt (Art. 24).
    defect_return_days: int
    # The 三包 catalogue: product kind → its figures. Goods of any other kind are not 三包 goods.
    sanbao: Mapping[str, SanbaoKind]
    # Categories that are excluded from the no-reason return by their nature.
    custom_categories: frozenset[str]
    perishable_categories: frozenset[str]
    # Categories where the food-safety rule can apply.
    food_categories: frozenset[str]
    # Fraud (Art. 55): refund plus a multiple of the price, with a minimum.
    fraud_multiplier: Decimal
    fraud_minimum_fen: int
    # Unsafe food (食品安全法 Art. 148): the proven loss, plus a multiple of the price or of the
    # loss, with a minimum.
    food_price_multiplier: Decimal
    food_loss_multiplier: Decimal
    food_minimum_fen: int
    # Civil Code Art. 203: a last day on a statutory holiday moves to the next working day
    # (None: calendar days, as most platforms count).
    holidays: NationalSchedule | None


def from_settings(**overrides: Any) -> Rules:
    """The rules in force; ``overrides`` replace single figures (tests, "what if" screens)."""
    holidays = load_schedule() if settings.TOUSU_REMEDY_HOLIDAY_MOVES_LAST_DAY else None
    rules = Rules(
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
        holidays=holidays,
    )
    return replace(rules, **overrides) if overrides else rules
