"""GET /api/v1/orders and GET /api/v1/orders/{number}."""

from datetime import timedelta

import pytest
from django.test import override_settings

from tests.conftest import make_order
from tousu.orders.models import Order, OrderItem

URL = "/api/v1/orders"


def test_my_orders_newest_first_with_money_as_fen_and_yuan(consumer, shop, outsider_order, api_as):
    older = make_order(consumer, shop, "A-OLD", amount_fen=12345)
    newer = make_order(consumer, shop, "A-NEW", amount_fen=5)
    Order.objects.filter(pk=older.pk).update(paid_at=newer.paid_at - timedelta(days=1))
    OrderItem.objects.create(
        order=newer, product_name="贴纸", category="general", unit_price_fen=150, quantity=3
    )
    response = api_as(consumer).get(URL)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [o["number"] for o in items] == ["A-NEW", "A-OLD"]
    assert items[1]["amount_paid_fen"] == 12345 and items[1]["amount_paid_yuan"] == "123.45"
    assert items[0]["amount_paid_yuan"] == "0.05"
    sticker = items[0]["items"][1]
    assert (
        sticker["unit_price_yuan"] == "1.50"
        and sticker["subtotal_fen"] == 450
        and sticker["subtotal_yuan"] == "4.50"
    )
    assert items[0]["merchant"]["shop_name"] == "优品数码"
    assert items[0]["paid_at"].endswith("+08:00")


@override_settings(TOUSU_QUEUE_PAGE_SIZE=2)
def test_orders_pagination(consumer, shop, api_as):
    base = make_order(consumer, shop, "P0").paid_at
    for n in range(1, 5):
        make_order(consumer, shop, f"P{n}")
    Order.objects.filter(number__in=["P1", "P2"]).update(paid_at=base)  # ties on paid_at
    client = api_as(consumer)
    seen, cursor = [], None
    while True:
        page = client.get(URL, **({"cursor": cursor} if cursor else {})).json()
        seen += [o["number"] for o in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == ["P0", "P1", "P2", "P3", "P4"] and len(seen) == 5
    assert client.get(URL, cursor="%%%").status_code == 422


def test_orders_list_query_count(consumer, shop, api_as, django_assert_max_num_queries):
    for n in range(5):
        make_order(consumer, shop, f"Q{n}")
    client = api_as(consumer)
    with django_assert_max_num_queries(4):
        assert len(client.get(URL).json()["items"]) == 5


def test_order_detail(consumer, order, api_as):
    body = api_as(consumer).get(f"{URL}/{order.number}").json()
    assert body["number"] == order.number
    assert body["items"][0]["product_name"] == "无线蓝牙耳机"


def test_someone_elses_order_is_404(consumer, outsider_order, api_as):
    response = api_as(consumer).get(f"{URL}/{outsider_order.number}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert outsider_order.number not in [
        o["number"] for o in api_as(consumer).get(URL).json()["items"]
    ]


@pytest.mark.parametrize("who", ["merchant_staff", "agent"])
def test_non_consumers_have_no_orders(who, order, api_as, request):
    client = api_as(request.getfixturevalue(who))
    assert client.get(URL).json()["items"] == []
    assert client.get(f"{URL}/{order.number}").status_code == 404


def test_orders_need_a_token(order, api_as):
    assert api_as(None).get(URL).status_code == 401
