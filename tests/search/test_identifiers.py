"""Numbers, names and phones: matched whole; phones never in part and shown masked."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.search.conftest import file, found
from tousu.accounts.models import Role


def test_the_complaint_number_finds_it(consumer, agent):
    filed = file(consumer, "耳机坏了")
    file(consumer, "耳机也坏了")
    assert found(agent, filed.number) == [filed.number]
    assert found(agent, filed.number.lower()) == [filed.number]


def test_the_order_number_finds_its_complaints(consumer, agent, order):
    filed = file(consumer, "耳机左耳没有声音", order_number=order.number)
    file(consumer, "别的问题")
    assert found(agent, order.number) == [filed.number]
    assert found(agent, order.number[:8]) == []  # never a part of the number


def test_shop_consumer_and_item_titles_are_searchable(consumer, agent, order):
    filed = file(consumer, "有问题", order_number=order.number)
    assert found(agent, "优品数码") == [filed.number]  # shop
    assert found(agent, "alice") == [filed.number]  # consumer's name
    assert found(agent, "蓝牙耳机") == [filed.number]  # an item title of the order


@pytest.mark.parametrize("typed", ["13812341234", "+8613812341234", "008613812341234"])
def test_the_full_phone_number_finds_the_consumers_complaints(consumer, outsider, agent, typed):
    mine = file(consumer, "第一件事")
    file(outsider, "别人的事")
    assert found(agent, typed) == [mine.number]


@pytest.mark.parametrize("partial", ["1381234", "38123412", "1234"])
def test_part_of_a_phone_number_finds_nothing(consumer, agent, partial):
    file(consumer, "第一件事")
    assert found(agent, partial) == []


def test_phone_and_words_together_narrow(consumer, agent):
    refund = file(consumer, "申请退款")
    file(consumer, "快递太慢")
    other = make_user("bob", Role.CONSUMER, phone="13900001111")
    file(other, "申请退款")
    assert found(agent, "13812341234 退款") == [refund.number]


def test_the_desk_shows_the_phone_masked(agent_client, consumer):
    file(consumer, "申请退款")
    page = agent_client.get("/desk/", {"q": "alice"}).content.decode()
    assert "138****1234" in page
    assert "13812341234" not in page
