"""Which remedies the law gives a consumer, per order line. Pure: no ORM.

``remedies(facts, rules)`` lists every remedy available on ``facts.today`` with its
last day (inclusive) and the article it rests on (docs/domain.md#consumer-law). Every remedy is
computed on the lines the complaint is about (``Facts.lines``: item, quantity, the
price paid for that quantity, the item's category and 三包 product kind), so one order
may hold a returnable T-shirt and a custom hoodie that is not. Money is integer fen;
multipliers are ``Decimal`` and results are rounded half-up to the fen.

Day counting follows the Civil Code (Art. 201): a period in days starts on the day
after the event. Goods received on 1 March: day 1 is 2 March, day 7 is 8 March, so a
7-day window's last day is ``received_on + 7 days``. With ``Rules.holidays`` set
(Art. 203, a setting) a last day that is not a working day moves to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from tousu.remedies.rules import Rules, SanbaoKind, from_settings
from tousu.sla.worktime import ScheduleUnknown

# Remedy codes.
NO_REASON_RETURN = "no_reason_return"
DEFECT_RETURN = "defect_return"
DEFECT_EXCHANGE_OR_REPAIR = "defect_exchange_or_repair"
DEFECT_TERMINATION_RETURN = "defect_termination_return"
SANBAO_RETURN = "sanbao_return"
SANBAO_EXCHANGE = "sanbao_exchange"
SANBAO_REPAIR = "sanbao_repair"
SANBAO_AFTER_REPAIRS = "sanbao_after_repairs"
FRAUD_COMPENSATION = "fraud_compensation"
FOOD_COMPENSATION = "food_compensation"

# Who pays the return shipping.
CONSUMER, MERCHANT = "consumer", "merchant"

BASIS = {
    NO_REASON_RETURN: _(
        "Consumer Rights Protection Law Art. 25; Interim Measures for 7-day No-reason Returns"
    ),
    DEFECT_RETURN: _("Consumer Rights Protection Law Art. 24"),
    DEFECT_EXCHANGE_OR_REPAIR: _("Consumer Rights Protection Law Art. 24"),
    DEFECT_TERMINATION_RETURN: _(
        "Consumer Rights Protection Law Art. 24 (conditions for ending the contract)"
    ),
    SANBAO_RETURN: _(
        "Consumer Rights Protection Law Art. 24; 三包 rules (performance fault within 7 days)"
    ),
    SANBAO_EXCHANGE: _(
        "Consumer Rights Protection Law Art. 24; 三包 rules (performance fault within 15 days)"
    ),
    SANBAO_REPAIR: _(
        "Consumer Rights Protection Law Art. 24; 三包 rules (repair within the warranty)"
    ),
    SANBAO_AFTER_REPAIRS: _("三包 rules (two failed repairs within the warranty)"),
    FRAUD_COMPENSATION: _("Consumer Rights Protection Law Art. 55 (refund plus three times)"),
    FOOD_COMPENSATION: _(
        "Food Safety Law Art. 148 (proven loss, plus ten times the price or three times the loss)"
    ),
}

LABEL = {
    NO_REASON_RETURN: _("7-day no-reason return"),
    DEFECT_RETURN: _("Return of defective goods"),
    DEFECT_EXCHANGE_OR_REPAIR: _("Exchange or repair of defective goods"),
    DEFECT_TERMINATION_RETURN: _("Return of defective goods when the contract may be ended"),
    SANBAO_RETURN: _("三包: return, exchange or repair"),
    SANBAO_EXCHANGE: _("三包: exchange or repair"),
    SANBAO_REPAIR: _("三包: repair"),
    SANBAO_AFTER_REPAIRS: _("三包: exchange or return after failed repairs"),
    FRAUD_COMPENSATION: _("Refund plus three times the price (fraud)"),
    FOOD_COMPENSATION: _("Refund, proven loss and ten times the price (unsafe food)"),
}

# Remedies that hold only when a condition the agent must confirm is met.
CONDITION = {
    DEFECT_TERMINATION_RETURN: _(
        "only when the statutory conditions for ending the contract are met; "
        "customer service confirms them"
    ),
}


@dataclass(frozen=True)
class Line:
    """One order line the complaint is about."""

    category: str  # the line's product category (tousu.orders ProductCategory)
    price_fen: int  # paid for the quantity concerned: unit price × quantity
    product_kind: str = ""  # 三包 product kind ("" or a kind off the catalogue: not 三包 goods)
    name: str = ""
    quantity: int = 1
    item_id: int | None = None  # the order line (OrderItem) id, when known


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What is known about the purchase and the problem.

    ``lines`` are the order lines concerned; without them the whole purchase is one line
    of ``category`` / ``price_fen`` / ``product_kind`` (complaints filed before lines
    were chosen, and callers that compute for one item).
    """

    today: date
    category: str = "general"
    price_fen: int = 0
    product_kind: str = ""
    lines: tuple[Line, ...] = ()
    received_on: date | None = None  # None: not received yet
    invoice_date: date | None = (
        None  # 三包 periods count from the invoice date when the order records one
    )
    defect: bool = False  # quality defect / performance fault
    main_part: bool = False  # the fault is in a main part (三包: its own, longer warranty)
    failed_repairs: int = 0
    fraud: bool = False
    food_safety: bool = False  # food that does not meet safety standards (not a mere label flaw)
    loss_fen: int = 0  # the consumer's proven loss beyond the price (food safety)
    custom_made: bool = False
    perishable: bool = False
    unsealed_digital: bool = False
    periodical: bool = False
    confirmed_non_returnable: bool = False  # confirmed at purchase as not returnable

    def items(self) -> tuple[Line, ...]:
        return self.lines or (Line(self.category, self.price_fen, self.product_kind),)

    @property
    def total_fen(self) -> int:
        return sum(line.price_fen for line in self.items())


@dataclass(frozen=True)
class Remedy:
    code: str
    refund_fen: int  # money back for the goods (0 for exchange or repair)
    compensation_fen: int = 0  # extra compensation on top of the refund (punitive)
    last_day: date | None = None  # last day to claim it (inclusive); None: no limit computed here
    return_required: bool = False
    shipping_paid_by: str = ""  # consumer / merchant / "" (nothing goes back)
    note: str = ""
    options: tuple[str, ...] = field(default_factory=tuple)  # what the consumer may choose between
    line: Line | None = None  # the line it is for; None: every line concerned (compensation)
    loss_fen: int = 0  # the proven loss, compensated in addition (Food Safety Law Art. 148)
    deduction_fen: int = (
        0  # depreciation deducted from the refund (三包 return after failed repairs)
    )

    @property
    def label(self) -> str:
        return str(LABEL[self.code])

    @property
    def basis(self) -> str:
        return str(BASIS[self.code])

    @property
    def condition(self) -> str:
        return str(CONDITION.get(self.code, ""))

    @property
    def total_fen(self) -> int:
        return self.refund_fen + self.compensation_fen + self.loss_fen

    @property
    def key(self) -> str:
        """Stable within one computation: what the agent ticks to start the decision from."""
        line = self.line
        return f"{self.code}:{line.item_id if line and line.item_id is not None else (line.name if line else '')}"


def times(multiplier: Decimal, fen: int) -> int:
    """``multiplier × fen`` rounded half-up to a whole fen."""
    return int((Decimal(multiplier) * Decimal(fen)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fraud_compensation(price_fen: int, rules: Rules) -> int:
    """Art. 55: three times the price, at least 500 yuan."""
    return max(times(rules.fraud_multiplier, price_fen), rules.fraud_minimum_fen)


def food_compensation(price_fen: int, loss_fen: int, rules: Rules) -> int:
    """Food Safety Law Art. 148: ten times the price or three times the loss (the consumer
    chooses; the larger is suggested), at least 1,000 yuan. The proven loss itself is
    compensated on top (``Remedy.loss_fen``)."""
    return max(
        times(rules.food_price_multiplier, price_fen),
        times(rules.food_loss_multiplier, loss_fen),
        rules.food_minimum_fen,
    )


def depreciation(price_fen: int, start: date | None, today: date, kind: SanbaoKind) -> int:
    """What a 三包 return after failed repairs may deduct for the days of use, never above the price."""
    days = max((today - start).days, 0) if start else 0
    return min(times(kind.depreciation_per_day * days, price_fen), price_fen)


def last_day(start: date | None, days: int, rules: Rules | None = None) -> date | None:
    """Last day of a ``days``-long window counted from the day after ``start``.

    With ``rules.holidays`` (Civil Code Art. 203, a setting) a last day that is not a
    working day moves to the next working day; a year without a holiday schedule keeps
    the calendar day.
    """
    if start is None:
        return None
    end = start + timedelta(days=days)
    schedule = rules.holidays if rules else None
    if schedule is not None:
        try:
            while not schedule.is_working_day(end):
                end += timedelta(days=1)
        except ScheduleUnknown:
            end = start + timedelta(days=days)
    return end


def within(facts: Facts, days: int, rules: Rules | None = None, start: date | None = None) -> bool:
    """Whether ``facts.today`` is inside the window (nothing to count from yet: it has not started)."""
    end = last_day(start if start is not None else facts.received_on, days, rules)
    return end is None or facts.today <= end


def no_reason_exclusion(facts: Facts, rules: Rules, line: Line | None = None) -> str:
    """Why the 7-day no-reason return does not apply to ``line`` (default: the first), or "" if it does."""
    category = (line or facts.items()[0]).category
    if facts.custom_made or category in rules.custom_categories:
        return "custom_made"
    if facts.perishable or category in rules.perishable_categories:
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


def _sanbao(facts: Facts, line: Line, kind: SanbaoKind, rules: Rules) -> list[Remedy]:
    """三包 for a line on the catalogue; nothing once its warranty is over."""
    start = facts.invoice_date or facts.received_on
    warranty = last_day(
        start, kind.main_parts_days if facts.main_part else kind.warranty_days, rules
    )
    if warranty is not None and facts.today > warranty:
        return []
    price, found = line.price_fen, []
    if facts.failed_repairs >= kind.failed_repairs:
        deduction = depreciation(price, start, facts.today, kind)
        found.append(
            Remedy(
                SANBAO_AFTER_REPAIRS,
                price - deduction,
                last_day=warranty,
                return_required=True,
                shipping_paid_by=MERCHANT,
                options=("exchange", "return_refund"),
                line=line,
                deduction_fen=deduction,
            )
        )
    if within(facts, kind.return_days, rules, start):
        found.append(
            Remedy(
                SANBAO_RETURN,
                price,
                last_day=last_day(start, kind.return_days, rules),
                return_required=True,
                shipping_paid_by=MERCHANT,
                options=("return_refund", "exchange", "repair"),
                line=line,
            )
        )
    elif within(facts, kind.exchange_days, rules, start):
        found.append(
            Remedy(
                SANBAO_EXCHANGE,
                0,
                last_day=last_day(start, kind.exchange_days, rules),
                return_required=True,
                shipping_paid_by=MERCHANT,
                options=("exchange", "repair"),
                line=line,
            )
        )
    else:
        found.append(
            Remedy(
                SANBAO_REPAIR,
                0,
                last_day=warranty,
                return_required=True,
                shipping_paid_by=MERCHANT,
                options=("repair",),
                line=line,
            )
        )
    return found


def _defect(facts: Facts, line: Line, rules: Rules) -> list[Remedy]:
    """Art. 24: return within 7 days; after that exchange or repair, and a return when the
    conditions for ending the contract hold (offered; the agent confirms). The merchant
    pays the shipping either way."""
    if within(facts, rules.defect_return_days, rules):
        return [
            Remedy(
                DEFECT_RETURN,
                line.price_fen,
                last_day=last_day(facts.received_on, rules.defect_return_days, rules),
                return_required=True,
                shipping_paid_by=MERCHANT,
                options=("return_refund", "exchange", "repair"),
                line=line,
            )
        ]
    return [
        Remedy(
            DEFECT_EXCHANGE_OR_REPAIR,
            0,
            return_required=True,
            shipping_paid_by=MERCHANT,
            options=("exchange", "repair"),
            line=line,
        ),
        Remedy(
            DEFECT_TERMINATION_RETURN,
            line.price_fen,
            return_required=True,
            shipping_paid_by=MERCHANT,
            options=("return_refund",),
            line=line,
        ),
    ]


def _line_remedies(facts: Facts, line: Line, rules: Rules) -> list[Remedy]:
    found = []
    if not no_reason_exclusion(facts, rules, line) and within(
        facts, rules.no_reason_return_days, rules
    ):
        found.append(
            Remedy(
                NO_REASON_RETURN,
                line.price_fen,
                last_day=last_day(facts.received_on, rules.no_reason_return_days, rules),
                return_required=True,
                shipping_paid_by=CONSUMER,
                line=line,
            )
        )
    kind = rules.sanbao.get(line.product_kind) if line.product_kind else None
    if facts.defect and kind is not None:
        found += _sanbao(facts, line, kind, rules)
    elif facts.defect:
        found += _defect(facts, line, rules)
    return found


def remedies(facts: Facts, rules: Rules | None = None) -> list[Remedy]:
    """Every remedy available on ``facts.today``: each line's own, then the compensations
    computed on the price of the lines concerned (the minimum applies once)."""
    rules = rules if rules is not None else from_settings()
    lines = facts.items()
    if facts.loss_fen < 0 or any(line.price_fen < 0 for line in lines):
        raise ValueError("amounts cannot be negative")
    found: list[Remedy] = []
    for line in lines:
        found += _line_remedies(facts, line, rules)
    single = lines[0] if len(lines) == 1 else None
    if facts.fraud:
        price = sum(line.price_fen for line in lines)
        found.append(
            Remedy(
                FRAUD_COMPENSATION,
                price,
                fraud_compensation(price, rules),
                return_required=True,
                shipping_paid_by=MERCHANT,
                line=single,
            )
        )
    food = [line for line in lines if line.category in rules.food_categories]
    if facts.food_safety and food:
        # Unsafe food is not sent back: it is evidence, and it must not be resold.
        price = sum(line.price_fen for line in food)
        found.append(
            Remedy(
                FOOD_COMPENSATION,
                price,
                food_compensation(price, facts.loss_fen, rules),
                line=food[0] if len(food) == 1 else None,
                loss_fen=facts.loss_fen,
            )
        )
    return found


def best(found: list[Remedy]) -> Remedy | None:
    """The remedy worth most to the consumer (ties: the first listed)."""
    return max(found, key=lambda r: r.total_fen, default=None)
