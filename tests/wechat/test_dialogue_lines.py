"""WeChat: choosing the item(s) and quantity of an order the complaint is about."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.wechat.test_dialogue import OPENID, bind, number_of, sms  # noqa: F401 (the sms fixture)
from tousu.channels.wechat.models import Conversation, State
from tousu.complaints.choices import Category, Demand
from tousu.complaints.lines import from_reply
from tousu.complaints.models import Complaint
from tousu.orders.models import Order, OrderItem, OrderStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def clothes(consumer, shop):
    paid = timezone.now() - timedelta(days=1)  # newest: first in the list
    order = Order.objects.create(
        number="202611200100",
        consumer=consumer,
        merchant=shop,
        amount_paid_fen=45_700,
        status=OrderStatus.RECEIVED,
        paid_at=paid,
        received_at=paid,
    )
    shirt = OrderItem.objects.create(
        order=order, product_name="纯棉T恤", category="apparel", unit_price_fen=9_900, quantity=2
    )
    hoodie = OrderItem.objects.create(
        order=order, product_name="定制卫衣", category="custom", unit_price_fen=25_900, quantity=1
    )
    return order, shirt, hoodie


def test_lines_are_asked_and_the_full_refund_is_what_the_chosen_items_cost(
    wire, sms, consumer, clothes
):
    order, shirt, _hoodie = clothes
    listed = bind(wire, sms)
    assert "1. 202611200100" in listed
    asked = wire.say(OPENID, "1")
    assert (
        "Which item" in asked
        and "1. 纯棉T恤 ¥99.00 × 2" in asked
        and "2. 定制卫衣 ¥259.00 × 1" in asked
    )
    assert "describe" in wire.say(OPENID, "1x1")
    wire.say(OPENID, "T恤洗了一次就缩水了。")
    wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    wire.say(OPENID, number_of(Demand.RETURN_REFUND, Demand.choices))
    assert "photos" in wire.say(OPENID, "全额")
    assert Conversation.objects.get().amount_fen == 9_900  # one T-shirt, not the whole order
    wire.say(OPENID, "提交")
    complaint = Complaint.objects.get()
    [line] = complaint.lines.all()
    assert (line.order_item_id, line.quantity, complaint.demand_amount_fen) == (shirt.pk, 1, 9_900)


def test_quantity_above_what_was_ordered_is_explained_at_once(wire, sms, consumer, clothes):
    bind(wire, sms)
    wire.say(OPENID, "1")
    reply = wire.say(OPENID, "1x3")
    assert "You ordered 2 of “纯棉T恤”; choose at most 2." in reply
    assert Conversation.objects.get().state == State.LINES
    assert "describe" in wire.say(OPENID, "1 2")  # both T-shirts and the hoodie
    assert Conversation.objects.get().lines == [[clothes[1].pk, 2], [clothes[2].pk, 1]]


def test_nonsense_and_zero(wire, sms, consumer, clothes):
    bind(wire, sms)
    wire.say(OPENID, "1")
    assert "Reply with the numbers of the items" in wire.say(OPENID, "7")
    assert "describe" in wire.say(OPENID, "0")
    assert Conversation.objects.get().lines == []


def test_a_one_item_order_is_not_asked(wire, sms, consumer, order):
    bind(wire, sms)
    assert "describe" in wire.say(OPENID, "1")
    assert Conversation.objects.get().lines == [[order.items.get().pk, 1]]


def test_cancel_clears_the_chosen_lines(wire, sms, consumer, clothes):
    bind(wire, sms)
    wire.say(OPENID, "1")
    wire.say(OPENID, "1")
    assert "Nothing was filed" in wire.say(OPENID, "取消")
    assert Conversation.objects.get().lines == []


@pytest.mark.parametrize(
    "text, pairs",
    [
        ("1", [(10, 0)]),
        ("1 2", [(10, 0), (20, 0)]),
        ("2x2", [(20, 2)]),
        ("1×2、2", [(10, 2), (20, 0)]),
        ("1*3,2", [(10, 3), (20, 0)]),
    ],
)
def test_reply_notation(text, pairs):
    assert from_reply(text, [10, 20]) == (pairs, "")


@pytest.mark.parametrize("text", ["3", "a", "1x", "x2", ""])
def test_reply_notation_refused(text):
    assert from_reply(text, [10, 20])[1]
