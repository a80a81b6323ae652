"""The consumer's own open complaint on the same order line: found by one core function."""

import pytest

from tests.conftest import draft, make_order
from tousu.complaints import actions, duplicates, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.orders.models import OrderItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_lines(order):
    first = order.items.get()
    second = OrderItem.objects.create(
        order=order, product_name="充电盒", category="electronics", unit_price_fen=100, quantity=1
    )
    return first, second


def file(consumer, **overrides):
    return filing.file_complaint(consumer, draft(**overrides), channel=Channel.APP)[0]


def test_an_open_complaint_on_the_same_line_is_found(consumer, order, two_lines):
    first, second = two_lines
    filed = file(consumer, lines=((first.pk, 1),))
    assert duplicates.open_for_lines(consumer, order, [first.pk]) == filed
    assert duplicates.open_for_lines(consumer, order, []) == filed  # whole order covers it
    assert duplicates.open_for_lines(consumer, order, [second.pk]) is None  # other line


def test_a_whole_order_complaint_covers_every_line(consumer, order, two_lines):
    filed = file(consumer)
    assert duplicates.open_for_lines(consumer, order, [two_lines[1].pk]) == filed
    text = duplicates.warning(filed, order, [two_lines[1].pk])
    assert filed.number in text and "充电盒" in text


def test_a_closed_complaint_is_no_duplicate(consumer, order):
    filed = file(consumer)
    actions.transition(filed, consumer, "withdraw", channel=Channel.APP)
    assert duplicates.open_for_lines(consumer, order, []) is None


def test_another_consumers_complaint_is_never_found(consumer, outsider, order, shop):
    # Even a complaint of someone else's recorded against this order (say, the order
    # moved accounts) is not shown to this consumer.
    Complaint.objects.create(
        number="TS20261120XXXX",
        consumer=outsider,
        order=order,
        merchant=shop,
        channel=Channel.APP,
        kind="after_sales",
        category="quality",
        demand="apology",
        description="别人的投诉",
    )
    assert duplicates.open_for_lines(consumer, order, []) is None
    theirs = make_order(outsider, shop, "202611200777")
    file(outsider, order_number=theirs.number)
    assert duplicates.open_for_lines(consumer, order, []) is None


def test_no_order_no_duplicate(consumer):
    assert duplicates.open_for_lines(consumer, None, []) is None


def test_a_used_idempotency_key_is_left_to_its_rules(consumer, order):
    filing.file_complaint(consumer, draft(), channel=Channel.APP, idempotency_key="k1")
    assert duplicates.open_for_lines(consumer, order, [], idempotency_key="k1") is None
    assert duplicates.open_for_lines(consumer, order, [], idempotency_key="k2") is not None
