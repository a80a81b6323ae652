"""The remedy calculator at every boundary day and minimum (DOMAIN.md §3)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tousu.remedies import calculator as calc
from tousu.remedies.calculator import Facts, remedies
from tousu.remedies.rules import Rules

RULES = Rules()
RECEIVED = date(2026, 3, 1)  # day 1 of every window is 2 March


def on_day(n: int, **flags) -> Facts:
    """Facts ``n`` days after receipt (day 1 = the day after receipt)."""
    values = dict(category="general", price_fen=29_900, received_on=RECEIVED, today=RECEIVED + timedelta(days=n))
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
    assert remedy.refund_fen == 29_900 and remedy.return_required and remedy.shipping_paid_by == "consumer"
    assert "Art. 25" in remedy.basis


@pytest.mark.parametrize("day", [8, 9, 30])
def test_no_reason_return_gone_from_day_eight(day):
    assert calc.NO_REASON_RETURN not in codes(on_day(day))


def test_no_reason_return_before_receipt_has_no_last_day_yet():
    remedy = one(Facts(category="general", price_fen=100, today=RECEIVED), calc.NO_REASON_RETURN)
    assert remedy.last_day is None


def test_window_spans_month_end():
    facts = Facts(category="general", price_fen=100, received_on=date(2026, 2, 25), today=date(2026, 3, 4))
    assert one(facts, calc.NO_REASON_RETURN).last_day == date(2026, 3, 4)
    assert calc.NO_REASON_RETURN not in codes(Facts(category="general", price_fen=100,
                                                    received_on=date(2026, 2, 25), today=date(2026, 3, 5)))


@pytest.mark.parametrize("flags", [
    {"custom_made": True}, {"category": "custom"}, {"perishable": True}, {"category": "fresh"},
    {"unsealed_digital": True}, {"periodical": True}, {"confirmed_non_returnable": True},
])
def test_exclusions_remove_the_no_reason_return(flags):
    facts = on_day(1, **flags)
    assert calc.NO_REASON_RETURN not in codes(facts)
    assert calc.no_reason_exclusion(facts, RULES) in calc.EXCLUSIONS


def test_sealed_digital_goods_may_be_returned():
    assert calc.NO_REASON_RETURN in codes(on_day(3, category="digital"))


def test_exclusions_do_not_touch_defect_rights():
    assert calc.DEFECT_RETURN in codes(on_day(3, custom_made=True, defect=True))


def test_configurable_window():
    assert calc.NO_REASON_RETURN in codes(on_day(10), Rules(no_reason_return_days=10))
    assert calc.NO_REASON_RETURN not in codes(on_day(11), Rules(no_reason_return_days=10))


# --- Quality defects (Art. 24) ----------------------------------------------------------

def test_defect_return_day_seven_merchant_pays_shipping():
    remedy = one(on_day(7, defect=True), calc.DEFECT_RETURN)
    assert remedy.shipping_paid_by == "merchant" and remedy.last_day == date(2026, 3, 8)


def test_defect_day_eight_exchange_or_repair():
    assert codes(on_day(8, defect=True)) == [calc.DEFECT_EXCHANGE_OR_REPAIR]
    assert one(on_day(8, defect=True), calc.DEFECT_EXCHANGE_OR_REPAIR).refund_fen == 0


# --- 三包 ----------------------------------------------------------------------------------

def sanbao(day, **flags):
    return codes(on_day(day, category="electronics", defect=True, **flags))


@pytest.mark.parametrize("day", [1, 7])
def test_sanbao_return_exchange_or_repair_up_to_day_seven(day):
    assert calc.SANBAO_RETURN in sanbao(day)
    assert one(on_day(day, category="electronics", defect=True), calc.SANBAO_RETURN).options == (
        "return_refund", "exchange", "repair")


@pytest.mark.parametrize("day", [8, 15])
def test_sanbao_exchange_or_repair_days_eight_to_fifteen(day):
    found = sanbao(day)
    assert calc.SANBAO_EXCHANGE in found and calc.SANBAO_RETURN not in found
    assert one(on_day(day, category="electronics", defect=True), calc.SANBAO_EXCHANGE).last_day == date(2026, 3, 16)


@pytest.mark.parametrize("day", [16, 200])
def test_sanbao_repair_from_day_sixteen(day):
    assert sanbao(day) == [calc.SANBAO_REPAIR]


def test_sanbao_two_failed_repairs_give_exchange_or_return():
    assert sanbao(100, failed_repairs=1) == [calc.SANBAO_REPAIR]
    found = sanbao(100, failed_repairs=2)
    assert found[0] == calc.SANBAO_AFTER_REPAIRS
    assert one(on_day(100, category="electronics", defect=True, failed_repairs=2),
               calc.SANBAO_AFTER_REPAIRS).refund_fen == 29_900


def test_no_reason_and_sanbao_side_by_side_on_day_seven():
    assert sanbao(7) == [calc.NO_REASON_RETURN, calc.SANBAO_RETURN]


# --- Fraud: refund plus three times, at least 500 yuan -----------------------------------

@pytest.mark.parametrize("price, compensation", [
    (100, 50_000),          # ¥1.00 → the ¥500 minimum
    (16_666, 50_000),       # 3 × 166.66 = 499.98 → minimum
    (16_667, 50_001),       # 3 × 166.67 = 500.01 → above
    (16_700, 50_100),
    (29_900, 89_700),
    (0, 50_000),
])
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
    return one(on_day(2, category=category, price_fen=price, loss_fen=loss, food_safety=True),
               calc.FOOD_COMPENSATION)


@pytest.mark.parametrize("price, loss, compensation", [
    (1_000, 0, 100_000),        # 10 × ¥10 = ¥100 → ¥1,000 minimum
    (9_999, 0, 100_000),        # 10 × 99.99 = 999.90 → minimum
    (10_000, 0, 100_000),       # exactly ¥1,000
    (10_001, 0, 100_010),       # above
    (5_000, 30_000, 100_000),   # 3 × loss ¥900 → minimum
    (5_000, 33_334, 100_002),   # 3 × loss ¥333.34 = ¥1,000.02 beats 10 × price ¥500
    (20_000, 50_000, 200_000),  # 10 × price ¥2,000 beats 3 × loss ¥1,500
    (20_000, 70_000, 210_000),  # 3 × loss ¥2,100 beats 10 × price ¥2,000
])
def test_food_ten_times_or_three_times_loss_with_minimum(price, loss, compensation):
    remedy = food(price, loss)
    assert remedy.compensation_fen == compensation and remedy.refund_fen == price
    assert not remedy.return_required
    assert "Art. 148" in remedy.basis


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
    from tousu.remedies.rules import from_settings

    settings.TOUSU_REMEDY_FRAUD_MINIMUM_FEN = 10_000
    settings.TOUSU_REMEDY_FOOD_PRICE_MULTIPLIER = "5"
    settings.TOUSU_REMEDY_NO_REASON_RETURN_DAYS = 15
    rules = from_settings()
    assert rules.fraud_minimum_fen == 10_000 and rules.food_price_multiplier == Decimal(5)
    assert calc.NO_REASON_RETURN in [r.code for r in remedies(on_day(15))]


def test_defaults_match_the_domain():
    from django.conf import settings

    from tousu.remedies.rules import from_settings

    assert from_settings() == Rules()
    assert settings.TOUSU_REMEDY_FOOD_MINIMUM_FEN == 100_000


def test_negative_amounts_refused():
    with pytest.raises(ValueError):
        remedies(on_day(1, price_fen=-1), RULES)


def test_best_picks_the_largest_total():
    found = remedies(on_day(3, fraud=True), RULES)
    assert calc.best(found).code == calc.FRAUD_COMPENSATION
    assert calc.best([]) is None


def test_nothing_when_nothing_applies():
    assert remedies(on_day(30), RULES) == []
