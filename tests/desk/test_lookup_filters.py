"""Lookup filters never silently widen: no match or several matches say so and list nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.desk.conftest import seed
from tousu.accounts.models import Role
from tousu.merchants.models import Merchant

QUEUE = reverse("desk:queue")


def numbers(response) -> list[str]:
    return [c.number for c in response.context["page"].rows]


@pytest.fixture
def rows(consumer, outsider, shop, shop2):
    return {
        "alice_m1": seed(consumer, 1, merchant=shop)[0],
        "alice_two": seed(consumer, 1, merchant=shop2)[0],
        "mallory": seed(outsider, 1, merchant=shop)[0],
    }


def test_unknown_shop_says_so_and_lists_nothing(agent_client, rows, chinese_default):
    response = agent_client.get(QUEUE, {"shop": "不存在的店"})
    assert numbers(response) == []
    assert "没有名为“不存在的店”的店铺。" in response.content.decode()


def test_shop_name_matching_several_names_them_and_lists_nothing(
    agent_client, rows, chinese_default
):
    Merchant.objects.create(
        shop_name="二号店",
        legal_name="另一家",
        registered_address="广州",
        city="广州",
        external_id="M-2B",
    )
    response = agent_client.get(QUEUE, {"shop": "二号店"})
    assert numbers(response) == []
    html = response.content.decode()
    assert "“二号店”匹配多个店铺：二号店（M-TWO）、二号店（M-2B）" in html


def test_shop_by_id_or_unique_name(agent_client, rows):
    assert numbers(agent_client.get(QUEUE, {"shop": "M-TWO"})) == [rows["alice_two"].number]
    assert numbers(agent_client.get(QUEUE, {"shop": "二号店"})) == [rows["alice_two"].number]


def test_consumer_by_username_or_phone_exactly(agent_client, rows):
    expected = sorted([rows["alice_m1"].number, rows["alice_two"].number])
    assert sorted(numbers(agent_client.get(QUEUE, {"consumer": "alice"}))) == expected
    assert sorted(numbers(agent_client.get(QUEUE, {"consumer": "13812341234"}))) == expected
    assert sorted(numbers(agent_client.get(QUEUE, {"consumer": "+86 138 1234 1234"}))) == expected
    # Exactly: a prefix or part of a name matches nobody.
    assert numbers(agent_client.get(QUEUE, {"consumer": "ali"})) == []


def test_unknown_consumer_says_so(agent_client, rows, chinese_default):
    response = agent_client.get(QUEUE, {"consumer": "13900000000"})
    assert numbers(response) == []
    assert "没有手机号或用户名为“13900000000”的消费者。" in response.content.decode()


def test_consumer_matching_several_users_names_them(agent_client, rows, chinese_default):
    make_user("13812341234", Role.CONSUMER)  # a username that is alice's phone number
    response = agent_client.get(QUEUE, {"consumer": "13812341234"})
    assert numbers(response) == []
    assert (
        "“13812341234”匹配多个用户：alice（alice）、13812341234（13812341234）"
        in response.content.decode()
    )


def test_unknown_assignee_lists_nothing(agent_client, rows):
    response = agent_client.get(QUEUE, {"assignee": "999999"})
    assert "assignee" in response.context["filters"].errors
    assert numbers(response) == []


def test_search_with_a_bad_lookup_lists_nothing(agent_client, rows):
    response = agent_client.get(QUEUE, {"q": "x", "shop": "nope"})
    assert response.status_code == 200
    assert not response.context.get("results")
    assert "data-blocked" in response.content.decode()
