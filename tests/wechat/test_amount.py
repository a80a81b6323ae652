"""The amount is checked when it is typed: a refund above what was paid for the chosen
items is refused at once, with the most it can be, and the answers so far are kept."""

import pytest

from tests.wechat.test_dialogue import OPENID, bind, number_of, sms  # noqa: F401 (the sms fixture)
from tests.wechat.test_dialogue_lines import clothes  # noqa: F401 (fixture)
from tousu.channels.wechat.models import Binding, Conversation, State
from tousu.complaints.choices import Category, Demand
from tousu.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def up_to_the_amount(wire, demand, choose_order="1", lines=None):
    wire.say(OPENID, choose_order)
    if lines:
        wire.say(OPENID, lines)
    wire.say(OPENID, "耳机左耳没有声音。")
    wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    assert "How much" in wire.say(OPENID, number_of(demand, Demand.choices))


def test_a_refund_above_what_was_paid_is_refused_when_typed(wire, sms, consumer, order):
    bind(wire, sms)
    up_to_the_amount(wire, Demand.REFUND_ONLY)
    reply = wire.say(OPENID, "999")
    assert "cannot exceed the 299.00 yuan you paid" in reply
    assert "up to 299.00 yuan" in reply and "全额" in reply
    conv = Conversation.objects.get()
    assert (conv.state, conv.amount_fen) == (State.AMOUNT, None)  # asked again, nothing lost
    assert conv.description == "耳机左耳没有声音。"
    assert "photos" in wire.say(OPENID, "299")  # exactly what was paid is fine
    assert "TS" in wire.say(OPENID, "提交")
    assert Complaint.objects.get().demand_amount_fen == 29_900


def test_the_most_is_what_the_chosen_items_cost(wire, sms, consumer, clothes):  # noqa: F811
    bind(wire, sms)
    up_to_the_amount(wire, Demand.RETURN_REFUND, lines="1x1")  # one T-shirt of ¥99
    reply = wire.say(OPENID, "100")
    assert "cannot exceed the 99.00 yuan you paid for the chosen items" in reply
    assert "up to 99.00 yuan" in reply
    assert "photos" in wire.say(OPENID, "99.00")
    assert Conversation.objects.get().amount_fen == 9_900


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-1", "1e9", "9.999", "很多"])
def test_what_is_not_an_amount_is_asked_again(wire, sms, consumer, order, typed):  # noqa: F811
    bind(wire, sms)
    up_to_the_amount(wire, Demand.COMPENSATION)
    assert "number of yuan" in wire.say(OPENID, typed)
    assert Conversation.objects.get().state == State.AMOUNT


def test_compensation_may_exceed_the_price(wire, sms, consumer, order):
    bind(wire, sms)
    up_to_the_amount(wire, Demand.COMPENSATION)  # e.g. three times the price: not a refund
    assert "photos" in wire.say(OPENID, "897")
    assert Conversation.objects.get().amount_fen == 89_700


def test_without_an_order_there_is_no_ceiling(wire, sms, consumer, order):
    bind(wire, sms)
    up_to_the_amount(wire, Demand.REFUND_ONLY, choose_order="0")
    assert "photos" in wire.say(OPENID, "5000")


def test_the_refusal_is_in_chinese(wire, consumer, order, chinese_default):
    Binding.objects.create(openid=OPENID, user=consumer)
    wire.say(OPENID, "投诉")
    wire.say(OPENID, "1")
    wire.say(OPENID, "耳机左耳没有声音。")
    wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    assert "元" in wire.say(OPENID, number_of(Demand.REFUND_ONLY, Demand.choices))
    reply = wire.say(OPENID, "999")
    assert "299.00" in reply and "全额" in reply
    assert "cannot" not in reply and "不超过" in reply
