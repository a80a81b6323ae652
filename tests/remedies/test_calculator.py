"""The remedy calculator at every boundary day and minimum (docs/domain.md#consumer-law)."""

from dataclasses import MISSING, fields
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tousu.remedies import calculator as calc
from tousu.remedies.calculator import Facts, Line, remedies
from tousu.remedies.rules import Rules, SanbaoKind, from_settings, sanbao_kind
from tousu.sla.worktime import NationalSchedule

PHONE = sanbao_kind(warranty_days=365, main_parts_days=730, depreciation_per_day=Decimal("0.001"))
RULES = from_settings(sanbao={"mobile_phone": PHONE})
RECEIVED = date(2026, 3, 1)  # day 1 of every window is 2 March


def on_day(n: int, **flags) -> Facts:
    """Facts ``n`` days after receipt (day 1 = the day after receipt)."""
    values = dict(
        category="general",
        price_fen=29_900,
        received_on=RECEIVED,
        today=RECEIVED + timedelta(days=n),
    )
    values.update(flags)
    return Facts(**values)


def codes(facts: Facts, rules: Rules = RULES) -> list[str]:
    return [r.code for r in remedies(facts, rules)]


def one(facts: Facts, code: str) -> calc.Remedy:
    [found] = [r for r in remedies(facts, RULES) if r.code == code]
    return found


# --- 7-day no-reason return -------------------------------------------------------------


@pytest.mark.parametrize("day", [0, 1, 6, 7])
def test_no_reason_return_up_to_day_seven(day):
    remedy = one(on_day(day), calc.NO_REASON_RETURN)
    assert remedy.last_day == date(2026, 3, 8)  # received 1 March: day 7 is 8 March
    assert (
        remedy.refund_fen == 29_900
        and remedy.return_required
        and remedy.shipping_paid_by == "consumer"
    )
    assert "Art. 25" in remedy.basis


@pytest.mark.parametrize("day", [8, 9, 30])
def test_no_reason_return_gone_from_day_eight(day):
    assert calc.NO_REASON_RETURN not in codes(on_day(day))


def test_no_reason_return_before_receipt_has_no_last_day_yet():
    remedy = one(Facts(category="general", price_fen=100, today=RECEIVED), calc.NO_REASON_RETURN)
    assert remedy.last_day is None


def test_window_spans_month_end():
    facts = Facts(
        category="general", price_fen=100, received_on=date(2026, 2, 25), today=date(2026, 3, 4)
    )
    assert one(facts, calc.NO_REASON_RETURN).last_day == date(2026, 3, 4)
    assert calc.NO_REASON_RETURN not in codes(
        Facts(
            category="general", price_fen=100, received_on=date(2026, 2, 25), today=date(2026, 3, 5)
        )
    )


@pytest.mark.parametrize(
    "flags",
    [
        {"custom_made": True},
        {"category": "custom"},
        {"perishable": True},
        {"category": "fresh"},
        {"unsealed_digital": True},
        {"periodical": True},
        {"confirmed_non_returnable": True},
    ],
)
def test_exclusions_remove_the_no_reason_return(flags):
    facts = on_day(1, **flags)
    assert calc.NO_REASON_RETURN not in codes(facts)
    assert calc.no_reason_exclusion(facts, RULES) in calc.EXCLUSIONS


def test_sealed_digital_goods_may_be_returned():
    assert calc.NO_REASON_RETURN in codes(on_day(3, category="digital"))


def test_exclusions_do_not_touch_defect_rights():
    assert calc.DEFECT_RETURN in codes(on_day(3, custom_made=True, defect=True))


def test_shirt_stays_returnable_beside_a_custom_hoodie_in_the_same_order():
    shirt = Line("apparel", 9_900, name="T恤", item_id=1)
    hoodie = Line("custom", 25_900, name="定制卫衣", item_id=2)
    found = remedies(on_day(3, lines=(shirt, hoodie)), RULES)
    returns = [r for r in found if r.code == calc.NO_REASON_RETURN]
    assert [(r.line.name, r.refund_fen) for r in returns] == [("T恤", 9_900)]
    assert calc.no_reason_exclusion(on_day(3), RULES, hoodie) == "custom_made"


def test_configurable_window():
    assert calc.NO_REASON_RETURN in codes(
        on_day(10), from_settings(sanbao={}, no_reason_return_days=10)
    )
    assert calc.NO_REASON_RETURN not in codes(
        on_day(11), from_settings(sanbao={}, no_reason_return_days=10)
    )


# --- Quality defects (Art. 24) ----------------------------------------------------------


def test_defect_return_day_seven_merchant_pays_shipping():
    remedy = one(on_day(7, defect=True), calc.DEFECT_RETURN)
    assert remedy.shipping_paid_by == "merchant" and remedy.last_day == date(2026, 3, 8)


def test_defect_day_eight_exchange_or_repair_and_the_return_the_agent_confirms():
    assert codes(on_day(8, defect=True)) == [
        calc.DEFECT_EXCHANGE_OR_REPAIR,
        calc.DEFECT_TERMINATION_RETURN,
    ]
    assert one(on_day(8, defect=True), calc.DEFECT_EXCHANGE_OR_REPAIR).refund_fen == 0
    termination = one(on_day(8, defect=True), calc.DEFECT_TERMINATION_RETURN)
    assert termination.refund_fen == 29_900 and termination.return_required
    assert (
        termination.shipping_paid_by == "merchant"
        and "ending the contract" in termination.condition
    )


@pytest.mark.parametrize("day", [1, 7, 8, 30])
def test_defect_shipping_is_always_the_merchants(day):
    assert {
        r.shipping_paid_by
        for r in remedies(on_day(day, defect=True), RULES)
        if r.code != calc.NO_REASON_RETURN
    } == {"merchant"}


# --- 三包 ----------------------------------------------------------------------------------


def sanbao(day, **flags):
    return codes(
        on_day(day, product_kind="mobile_phone", category="electronics", defect=True, **flags)
    )


@pytest.mark.parametrize("day", [1, 7])
def test_sanbao_return_exchange_or_repair_up_to_day_seven(day):
    assert calc.SANBAO_RETURN in sanbao(day)
    assert one(
        on_day(day, product_kind="mobile_phone", defect=True), calc.SANBAO_RETURN
    ).options == ("return_refund", "exchange", "repair")


@pytest.mark.parametrize("day", [8, 15])
def test_sanbao_exchange_or_repair_days_eight_to_fifteen(day):
    found = sanbao(day)
    assert calc.SANBAO_EXCHANGE in found and calc.SANBAO_RETURN not in found
    assert one(
        on_day(day, product_kind="mobile_phone", defect=True), calc.SANBAO_EXCHANGE
    ).last_day == date(2026, 3, 16)


@pytest.mark.parametrize("day", [16, 200, 365])
def test_sanbao_repair_from_day_sixteen_to_the_end_of_the_warranty(day):
    assert sanbao(day) == [calc.SANBAO_REPAIR]
    assert one(
        on_day(day, product_kind="mobile_phone", defect=True), calc.SANBAO_REPAIR
    ).last_day == date(2027, 3, 1)


def test_nothing_under_sanbao_after_the_warranty():
    assert sanbao(366) == []
    assert sanbao(366, failed_repairs=2) == []


def test_a_main_part_has_its_own_longer_warranty():
    assert sanbao(366, main_part=True) == [calc.SANBAO_REPAIR]
    assert sanbao(731, main_part=True) == []


def test_sanbao_counts_from_the_invoice_date_when_recorded():
    invoiced = RECEIVED - timedelta(days=5)  # invoiced 24 Feb, delivered 1 March
    assert sanbao(2, invoice_date=invoiced) == [
        calc.NO_REASON_RETURN,
        calc.SANBAO_RETURN,
    ]  # day 7 of the invoice
    assert calc.SANBAO_EXCHANGE in sanbao(3, invoice_date=invoiced)  # day 8 of the invoice
    assert sanbao(361, invoice_date=invoiced) == []  # warranty ran from the invoice


def test_sanbao_two_failed_repairs_give_exchange_or_return_less_depreciation():
    assert sanbao(100, failed_repairs=1) == [calc.SANBAO_REPAIR]
    found = sanbao(100, failed_repairs=2)
    assert found[0] == calc.SANBAO_AFTER_REPAIRS
    remedy = one(
        on_day(100, product_kind="mobile_phone", defect=True, failed_repairs=2),
        calc.SANBAO_AFTER_REPAIRS,
    )
    # 100 days of use × 0.1 % a day = 10 % of ¥299.00
    assert remedy.deduction_fen == 2_990 and remedy.refund_fen == 29_900 - 2_990


def test_depreciation_never_exceeds_the_price():
    kind = sanbao_kind(
        warranty_days=5000, main_parts_days=5000, depreciation_per_day=Decimal("0.01")
    )
    assert calc.depreciation(1_000, RECEIVED, RECEIVED + timedelta(days=400), kind) == 1_000


@pytest.mark.parametrize("category", ["home", "electronics", "apparel"])
def test_goods_off_the_catalogue_get_art_24_not_sanbao(category):
    """Bedding, cups and furniture (category home) and any line without a catalogue kind."""
    found = codes(on_day(3, category=category, product_kind="", defect=True))
    assert calc.DEFECT_RETURN in found and not [c for c in found if c.startswith("sanbao")]
    assert codes(on_day(3, category=category, product_kind="bedding", defect=True)) == found


def test_no_reason_and_sanbao_side_by_side_on_day_seven():
    assert sanbao(7) == [calc.NO_REASON_RETURN, calc.SANBAO_RETURN]


# --- Fraud: refund plus three times, at least 500 yuan -----------------------------------


@pytest.mark.parametrize(
    "price, compensation",
    [
        (100, 50_000),  # ¥1.00 → the ¥500 minimum
        (16_666, 50_000),  # 3 × 166.66 = 499.98 → minimum
        (16_667, 50_001),  # 3 × 166.67 = 500.01 → above
        (16_700, 50_100),
        (29_900, 89_700),
        (0, 50_000),
    ],
)
def test_fraud_three_times_with_minimum(price, compensation):
    remedy = one(on_day(20, fraud=True, price_fen=price), calc.FRAUD_COMPENSATION)
    assert remedy.compensation_fen == compensation
    assert remedy.refund_fen == price and remedy.total_fen == price + compensation
    assert "Art. 55" in remedy.basis


def test_fraud_minimum_exactly():
    assert calc.fraud_compensation(16_666, RULES) == 50_000
    assert calc.fraud_compensation(50_000 // 3 + 1, RULES) == 50_001  # 16667 × 3


def test_fraud_has_no_day_limit_here():
    assert calc.FRAUD_COMPENSATION in codes(on_day(365, fraud=True))


# --- Unsafe food: 10 × price or 3 × loss, at least 1,000 yuan ----------------------------


def food(price, loss=0, category="food"):
    return one(
        on_day(2, category=category, price_fen=price, loss_fen=loss, food_safety=True),
        calc.FOOD_COMPENSATION,
    )


@pytest.mark.parametrize(
    "price, loss, compensation",
    [
        (1_000, 0, 100_000),  # 10 × ¥10 = ¥100 → ¥1,000 minimum
        (9_999, 0, 100_000),  # 10 × 99.99 = 999.90 → minimum
        (10_000, 0, 100_000),  # exactly ¥1,000
        (10_001, 0, 100_010),  # above
        (5_000, 30_000, 100_000),  # 3 × loss ¥900 → minimum
        (5_000, 33_334, 100_002),  # 3 × loss ¥333.34 = ¥1,000.02 beats 10 × price ¥500
        (20_000, 50_000, 200_000),  # 10 × price ¥2,000 beats 3 × loss ¥1,500
        (20_000, 70_000, 210_000),  # 3 × loss ¥2,100 beats 10 × price ¥2,000
    ],
)
def test_food_ten_times_or_three_times_loss_with_minimum(price, loss, compensation):
    remedy = food(price, loss)
    assert remedy.compensation_fen == compensation and remedy.refund_fen == price
    assert not remedy.return_required
    assert "Art. 148" in remedy.basis


@pytest.mark.parametrize(
    "price, loss, compensation, total",
    [
        (1_000, 0, 100_000, 1_000 + 100_000),  # minimum, no loss
        (
            5_000,
            20_000,
            100_000,
            5_000 + 100_000 + 20_000,
        ),  # 3 × ¥200 < ¥1,000: minimum, plus the ¥200 loss
        (20_000, 70_000, 210_000, 20_000 + 210_000 + 70_000),  # 3 × loss, plus the loss itself
        (20_000, 50_000, 200_000, 20_000 + 200_000 + 50_000),  # 10 × price, plus the loss
    ],
)
def test_food_proven_loss_is_compensated_in_addition(price, loss, compensation, total):
    remedy = food(price, loss)
    assert (
        remedy.compensation_fen == compensation
        and remedy.loss_fen == loss
        and remedy.total_fen == total
    )


def test_food_rule_only_for_food():
    assert calc.FOOD_COMPENSATION not in codes(on_day(2, category="electronics", food_safety=True))
    assert food(1_000, category="fresh").compensation_fen == 100_000


def test_fresh_food_no_reason_excluded_but_food_safety_applies():
    found = codes(on_day(1, category="fresh", food_safety=True))
    assert found == [calc.FOOD_COMPENSATION]


# --- Money and configuration -------------------------------------------------------------


def test_rounding_is_half_up_on_fen_and_never_float():
    assert calc.times(Decimal("2.5"), 1) == 3
    assert calc.times(Decimal("3"), 33_333) == 99_999
    assert isinstance(calc.fraud_compensation(12_345, RULES), int)


def test_constants_come_from_settings(settings):
    settings.TOUSU_REMEDY_FRAUD_MINIMUM_FEN = 10_000
    settings.TOUSU_REMEDY_FOOD_PRICE_MULTIPLIER = "5"
    settings.TOUSU_REMEDY_NO_REASON_RETURN_DAYS = 15
    rules = from_settings()
    assert rules.fraud_minimum_fen == 10_000 and rules.food_price_multiplier == Decimal(5)
    assert calc.NO_REASON_RETURN in [r.code for r in remedies(on_day(15))]


def test_defaults_match_the_domain(settings):
    rules = from_settings()
    figures = (
        rules.no_reason_return_days,
        rules.defect_return_days,
        rules.fraud_multiplier,
        rules.fraud_minimum_fen,
        rules.food_price_multiplier,
        rules.food_loss_multiplier,
        rules.food_minimum_fen,
    )
    assert figures == (7, 7, 3, 50_000, 10, 3, 100_000)  # docs/domain.md#consumer-law
    assert rules.custom_categories == {"custom"} and rules.food_categories == {"food", "fresh"}
    assert settings.TOUSU_REMEDY_FOOD_MINIMUM_FEN == 100_000
    assert {"mobile_phone", "computer", "television", "household_appliance"} <= set(rules.sanbao)
    assert not {"bedding", "cup", "furniture", "apparel", "home"} & set(rules.sanbao)
    assert {(k.return_days, k.exchange_days, k.failed_repairs) for k in rules.sanbao.values()} == {
        (7, 15, 2)
    }


def test_figures_are_written_once_in_the_settings(settings):
    """``Rules`` and ``SanbaoKind`` hold no default of their own: every figure is a setting."""
    for cls in (Rules, SanbaoKind):
        assert [f.name for f in fields(cls) if f.default is not MISSING] == []
        assert [f.name for f in fields(cls) if f.default_factory is not MISSING] == []
    settings.TOUSU_REMEDY_SANBAO_DEFAULTS = {
        **settings.TOUSU_REMEDY_SANBAO_DEFAULTS,
        "exchange_days": 30,
    }
    settings.TOUSU_REMEDY_SANBAO_CATALOGUE = {
        "watch": {"warranty_days": 365, "main_parts_days": 365}
    }
    watch = from_settings().sanbao["watch"]
    assert (watch.return_days, watch.exchange_days, watch.failed_repairs) == (7, 30, 2)
    assert watch.depreciation_per_day == 0


def test_catalogue_from_the_environment_replaces_the_default(settings):
    settings.TOUSU_REMEDY_SANBAO_CATALOGUE = {
        "bicycle": {"warranty_days": 730, "main_parts_days": 1095, "depreciation_per_day": "0.002"}
    }
    assert from_settings().sanbao == {
        "bicycle": sanbao_kind(
            warranty_days=730, main_parts_days=1095, depreciation_per_day=Decimal("0.002")
        )
    }


def test_negative_amounts_refused():
    with pytest.raises(ValueError):
        remedies(on_day(1, price_fen=-1), RULES)


def test_best_picks_the_largest_total():
    found = remedies(on_day(3, fraud=True), RULES)
    assert calc.best(found).code == calc.FRAUD_COMPENSATION
    assert calc.best([]) is None


def test_nothing_when_nothing_applies():
    assert remedies(on_day(30), RULES) == []


# --- Per order line ------------------------------------------------------------------------


def test_caps_and_bases_come_from_the_chosen_lines():
    cups = Line("home", 2 * 4_990, name="保温杯", quantity=2, item_id=7)
    found = remedies(on_day(3, lines=(cups,), fraud=True, defect=True), RULES)
    assert {r.code: r.refund_fen for r in found} == {
        calc.NO_REASON_RETURN: 9_980,
        calc.DEFECT_RETURN: 9_980,
        calc.FRAUD_COMPENSATION: 9_980,
    }
    assert (
        one(on_day(3, lines=(cups,), fraud=True), calc.FRAUD_COMPENSATION).compensation_fen
        == 50_000
    )


def test_fraud_on_several_lines_takes_their_total_price_and_the_minimum_once():
    lines = (
        Line("apparel", 20_000, name="A", item_id=1),
        Line("apparel", 10_000, name="B", item_id=2),
    )
    remedy = one(on_day(20, lines=lines, fraud=True), calc.FRAUD_COMPENSATION)
    assert remedy.refund_fen == 30_000 and remedy.compensation_fen == 90_000 and remedy.line is None


def test_food_compensation_only_on_the_food_lines_of_the_order():
    lines = (
        Line("food", 3_000, name="月饼", item_id=1),
        Line("home", 50_000, name="锅", item_id=2),
    )
    remedy = one(on_day(2, lines=lines, food_safety=True), calc.FOOD_COMPENSATION)
    assert (
        remedy.refund_fen == 3_000
        and remedy.compensation_fen == 100_000
        and remedy.line.name == "月饼"
    )


def test_each_line_gets_its_own_sanbao_or_art_24():
    phone = Line("electronics", 199_900, product_kind="mobile_phone", name="手机", item_id=1)
    case = Line("electronics", 3_900, name="手机壳", item_id=2)
    found = [
        (r.code, r.line.name) for r in remedies(on_day(10, lines=(phone, case), defect=True), RULES)
    ]
    assert found == [
        (calc.SANBAO_EXCHANGE, "手机"),
        (calc.DEFECT_EXCHANGE_OR_REPAIR, "手机壳"),
        (calc.DEFECT_TERMINATION_RETURN, "手机壳"),
    ]


def test_remedy_keys_tell_lines_apart():
    lines = (Line("apparel", 100, name="A", item_id=1), Line("apparel", 100, name="B", item_id=2))
    assert [r.key for r in remedies(on_day(1, lines=lines), RULES)] == [
        "no_reason_return:1",
        "no_reason_return:2",
    ]


# --- Civil Code Art. 203 (a setting) --------------------------------------------------------


def test_last_day_on_a_holiday_moves_to_the_next_working_day_only_when_set():
    received = date(2025, 9, 24)  # day 7 = 1 October 2025, National Day; working again on 9 October
    plain = Facts(category="general", price_fen=100, received_on=received, today=date(2025, 10, 5))
    assert calc.NO_REASON_RETURN not in codes(plain)
    moved = from_settings(sanbao={}, holidays=NationalSchedule())
    assert one_with(plain, calc.NO_REASON_RETURN, moved).last_day == date(2025, 10, 9)
    assert calc.NO_REASON_RETURN not in codes(
        Facts(category="general", price_fen=100, received_on=received, today=date(2025, 10, 10)),
        moved,
    )


def test_a_working_last_day_does_not_move():
    received = date(2026, 3, 2)  # day 7 = Monday 9 March 2026
    facts = Facts(category="general", price_fen=100, received_on=received, today=received)
    assert one_with(
        facts, calc.NO_REASON_RETURN, from_settings(sanbao={}, holidays=NationalSchedule())
    ).last_day == date(2026, 3, 9)


def test_a_year_without_a_schedule_keeps_the_calendar_day():
    received = date(2040, 1, 1)
    facts = Facts(category="general", price_fen=100, received_on=received, today=received)
    assert one_with(
        facts, calc.NO_REASON_RETURN, from_settings(sanbao={}, holidays=NationalSchedule())
    ).last_day == date(2040, 1, 8)


def test_holiday_setting_is_off_by_default(settings):
    assert (
        settings.TOUSU_REMEDY_HOLIDAY_MOVES_LAST_DAY is False and from_settings().holidays is None
    )


def one_with(facts: Facts, code: str, rules: Rules) -> calc.Remedy:
    [found] = [r for r in remedies(facts, rules) if r.code == code]
    return found
