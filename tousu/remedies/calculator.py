"""Which remedies the law gives a consumer, from the facts of an order. Pure: no ORM.

``remedies(facts, rules)`` lists every remedy available on ``facts.today`` with its
last day (inclusive) and the article it rests on (DOMAIN.md §3). Money is integer fen;
multipliers are ``Decimal`` and results are rounded half-up to the fen.

Day counting follows the Civil Code (Art. 201): a period in days starts on the day
after the event. Goods received on 1 March: day 1 is 2 March, day 7 is 8 March, so a
7-day window's last day is ``received_on + 7 days``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from tousu.remedies.rules import Rules

# Remedy codes.
NO_REASON_RETURN = "no_reason_return"
DEFECT_RETURN = "defect_return"
DEFECT_EXCHANGE_OR_REPAIR = "defect_exchange_or_repair"
SANBAO_RETURN = "sanbao_return"
SANBAO_EXCHANGE = "sanbao_exchange"
SANBAO_REPAIR = "sanbao_repair"
SANBAO_AFTER_REPAIRS = "sanbao_after_repairs"
FRAUD_COMPENSATION = "fraud_compensation"
FOOD_COMPENSATION = "food_compensation"

# Who pays the return shipping.
CONSUMER, MERCHANT = "consumer", "merchant"

BASIS = {
    NO_REASON_RETURN: _("Consumer Rights Protection Law Art. 25; Interim Measures for 7-day No-reason Returns"),
    DEFECT_RETURN: _("Consumer Rights Protection Law Art. 24"),
    DEFECT_EXCHANGE_OR_REPAIR: _("Consumer Rights Protection Law Art. 24"),
    SANBAO_RETURN: _("Consumer Rights Protection Law Art. 24; 三包 rules (performance fault within 7 days)"),
    SANBAO_EXCHANGE: _("Consumer Rights Protection Law Art. 24; 三包 rules (performance fault within 15 days)"),
    SANBAO_REPAIR: _("Consumer Rights Protection Law Art. 24; 三包 rules (repair within the warranty)"),
    SANBAO_AFTER_REPAIRS: _("三包 rules (two failed repairs within the warranty)"),
    FRAUD_COMPENSATION: _("Consumer Rights Protection Law Art. 55 (refund plus three times)"),
    FOOD_COMPENSATION: _("Food Safety Law Art. 148 (refund plus ten times)"),
}

LABEL = {
    NO_REASON_RETURN: _("7-day no-reason return"),
    DEFECT_RETURN: _("Return of defective goods"),
    DEFECT_EXCHANGE_OR_REPAIR: _("Exchange or repair of defective goods"),
    SANBAO_RETURN: _("三包: return, exchange or repair"),
    SANBAO_EXCHANGE: _("三包: exchange or repair"),
    SANBAO_REPAIR: _("三包: repair"),
    SANBAO_AFTER_REPAIRS: _("三包: exchange or return after failed repairs"),
    FRAUD_COMPENSATION: _("Refund plus three times the price (fraud)"),
    FOOD_COMPENSATION: _("Refund plus ten times the price (unsafe food)"),
}


@dataclass(frozen=True)
class Facts:
    """What is known about the purchase and the problem."""

    category: str  # the order line's product category (tousu.orders ProductCategory)
    price_fen: int  # the price paid
    today: date
    received_on: date | None = None  # None: not received yet
    defect: bool = False  # quality defect / performance fault
    failed_repairs: int = 0
    fraud: bool = False
    food_safety: bool = False  # food that does not meet safety standards (not a mere label flaw)
    loss_fen: int = 0  # the consumer's proven loss beyond the price (food safety)
    custom_made: bool = False
    perishable: bool = False
    unsealed_digital: bool = False
    periodical: bool = False
    confirmed_non_returnable: bool = False  # confirmed at purchase as not returnable


@dataclass(frozen=True)
class Remedy:
    code: str
    refund_fen: int  # money back for the goods (0 for exchange or repair)
    compensation_fen: int = 0  # extra compensation on top of the refund
    last_day: date | None = None  # last day to claim it (inclusive); None: no limit computed here
    return_required: bool = False
    shipping_paid_by: str = ""  # consumer / merchant / "" (nothing goes back)
    note: str = ""
    options: tuple[str, ...] = field(default_factory=tuple)  # what the consumer may choose between

    @property
    def label(self) -> str:
        return str(LABEL[self.code])

    @property
    def basis(self) -> str:
        return str(BASIS[self.code])

    @property
    def total_fen(self) -> int:
        return self.refund_fen + self.compensation_fen


def times(multiplier: Decimal, fen: int) -> int:
    """``multiplier × fen`` rounded half-up to a whole fen."""
    return int((Decimal(multiplier) * Decimal(fen)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fraud_compensation(price_fen: int, rules: Rules) -> int:
    """Art. 55: three times the price, at least 500 yuan."""
    return max(times(rules.fraud_multiplier, price_fen), rules.fraud_minimum_fen)


def food_compensation(price_fen: int, loss_fen: int, rules: Rules) -> int:
    """Food Safety Law Art. 148: ten times the price or three times the loss (the consumer
    chooses; the larger is suggested), at least 1,000 yuan."""
    return max(times(rules.food_price_multiplier, price_fen), times(rules.food_loss_multiplier, loss_fen),
               rules.food_minimum_fen)


def last_day(received_on: date | None, days: int) -> date | None:
    """Last day of a ``days``-long window counted from the day after receipt."""
    return received_on + timedelta(days=days) if received_on else None


def within(facts: Facts, days: int) -> bool:
    """Whether ``facts.today`` is inside the window (goods not received yet: it has not started)."""
    end = last_day(facts.received_on, days)
    return end is None or facts.today <= end


def no_reason_exclusion(facts: Facts, rules: Rules) -> str:
    """Why the 7-day no-reason return does not apply, or "" if it does."""
    if facts.custom_made or facts.category in rules.custom_categories:
        return "custom_made"
    if facts.perishable or facts.category in rules.perishable_categories:
        return "perishable"
    if facts.unsealed_digital:
        return "unsealed_digital"
    if facts.periodical:
        return "periodical"
    if facts.confirmed_non_returnable:
        return "confirmed_non_returnable"
    return ""


EXCLUSIONS = {
    "custom_made": _("custom-made goods"),
    "perishable": _("fresh or perishable goods"),
    "unsealed_digital": _("downloaded or unsealed digital goods"),
    "periodical": _("delivered newspapers and periodicals"),
    "confirmed_non_returnable": _("goods the consumer confirmed at purchase as not returnable"),
}


def remedies(facts: Facts, rules: Rules | None = None) -> list[Remedy]:
    """Every remedy available on ``facts.today``, the strongest first within each rule."""
    if rules is None:
        from tousu.remedies.rules import from_settings

        rules = from_settings()
    if facts.price_fen < 0 or facts.loss_fen < 0:
        raise ValueError("amounts cannot be negative")
    price = facts.price_fen
    found: list[Remedy] = []
    received = facts.received_on

    if not no_reason_exclusion(facts, rules) and within(facts, rules.no_reason_return_days):
        found.append(Remedy(NO_REASON_RETURN, price, last_day=last_day(received, rules.no_reason_return_days),
                            return_required=True, shipping_paid_by=CONSUMER))

    if facts.defect and facts.category in rules.sanbao_categories:
        if facts.failed_repairs >= rules.sanbao_failed_repairs:
            found.append(Remedy(SANBAO_AFTER_REPAIRS, price, return_required=True, shipping_paid_by=MERCHANT,
                                options=("exchange", "return_refund")))
        if within(facts, rules.sanbao_return_days):
            found.append(Remedy(SANBAO_RETURN, price, last_day=last_day(received, rules.sanbao_return_days),
                                return_required=True, shipping_paid_by=MERCHANT,
                                options=("return_refund", "exchange", "repair")))
        elif within(facts, rules.sanbao_exchange_days):
            found.append(Remedy(SANBAO_EXCHANGE, 0, last_day=last_day(received, rules.sanbao_exchange_days),
                                return_required=True, shipping_paid_by=MERCHANT, options=("exchange", "repair")))
        else:
            found.append(Remedy(SANBAO_REPAIR, 0, return_required=True, shipping_paid_by=MERCHANT,
                                options=("repair",)))
    elif facts.defect:
        if within(facts, rules.defect_return_days):
            found.append(Remedy(DEFECT_RETURN, price, last_day=last_day(received, rules.defect_return_days),
                                return_required=True, shipping_paid_by=MERCHANT,
                                options=("return_refund", "exchange", "repair")))
        else:
            found.append(Remedy(DEFECT_EXCHANGE_OR_REPAIR, 0, return_required=True, shipping_paid_by=MERCHANT,
                                options=("exchange", "repair")))

    if facts.fraud:
        found.append(Remedy(FRAUD_COMPENSATION, price, fraud_compensation(price, rules),
                            return_required=True, shipping_paid_by=MERCHANT))
    if facts.food_safety and facts.category in rules.food_categories:
        # Unsafe food is not sent back: it is evidence, and it must not be resold.
        found.append(Remedy(FOOD_COMPENSATION, price, food_compensation(price, facts.loss_fen, rules)))
    return found


def best(found: list[Remedy]) -> Remedy | None:
    """The remedy worth most to the consumer (ties: the first listed)."""
    return max(found, key=lambda r: r.total_fen, default=None)
