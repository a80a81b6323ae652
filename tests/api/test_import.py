"""POST /api/v1/import/orders (administrator tokens only)."""

import pytest

from tousu.accounts.models import User
from tousu.merchants.models import Merchant
from tousu.orders.models import Order

URL = "/api/v1/import/orders"


def batch(**order_overrides):
    order = {
        "number": "IMP-1",
        "merchant": "M9",
        "consumer": {"phone": "13700000000", "display_name": "李雷"},
        "status": "paid",
        "paid_at": "2026-11-20T10:00:00+08:00",
        "items": [
            {
                "product_name": "保温杯",
                "sku": "CUP",
                "category": "home",
                "unit_price_fen": 4990,
                "quantity": 2,
            }
        ],
    }
    order.update(order_overrides)
    return {
        "merchants": [
            {
                "external_id": "M9",
                "shop_name": "杯子铺",
                "legal_name": "杯子铺有限公司",
                "registered_address": "广州",
                "city": "广州",
            }
        ],
        "orders": [order],
    }


def test_admin_imports_orders_merchants_and_consumers(admin_user, api_as):
    response = api_as(admin_user).post(URL, batch())
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"], body["errors"]) == (1, 0, [])
    assert (body["merchants_created"], body["consumers_created"]) == (1, 1)
    order = Order.objects.get(number="IMP-1")
    assert order.amount_paid_fen == 9980  # sum of lines when not given
    assert order.merchant.shop_name == "杯子铺"
    consumer = User.objects.get(phone="+8613700000000")
    assert consumer.role == "consumer" and not consumer.has_usable_password()
    assert order.consumer == consumer


def test_reimport_updates(admin_user, api_as):
    client = api_as(admin_user)
    client.post(URL, batch())
    again = batch(
        status="shipped",
        amount_paid_fen=9000,
        items=[
            {"product_name": "保温杯", "category": "home", "unit_price_fen": 4500, "quantity": 2},
        ],
    )
    again["merchants"][0]["shop_name"] = "杯子铺旗舰店"
    body = client.post(URL, again).json()
    assert (
        body["created"],
        body["updated"],
        body["merchants_updated"],
        body["consumers_created"],
    ) == (0, 1, 1, 0)
    order = Order.objects.get(number="IMP-1")
    assert order.status == "shipped" and order.amount_paid_fen == 9000
    assert [i.unit_price_fen for i in order.items.all()] == [4500]
    assert Merchant.objects.get(external_id="M9").shop_name == "杯子铺旗舰店"
    assert Order.objects.count() == 1


def test_bad_row_rejects_whole_batch(admin_user, api_as):
    payload = batch()
    payload["orders"].append(
        {
            **payload["orders"][0],
            "number": "IMP-2",
            "items": [{"product_name": "杯", "unit_price_fen": -1, "quantity": 1}],
        }
    )
    payload["orders"].append({**payload["orders"][0], "number": "IMP-3", "merchant": "NOPE"})
    response = api_as(admin_user, "en").post(URL, payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected"
    assert body["created"] == 0
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (2, "items[0].unit_price_fen"),
        (3, "merchant"),
    ]
    assert not Order.objects.exists() and not Merchant.objects.exists()
    assert not User.objects.filter(phone="+8613700000000").exists()


def test_yuan_strings_are_accepted(admin_user, api_as):
    payload = batch(
        amount_paid="99.80", items=[{"product_name": "杯", "unit_price": "49.90", "quantity": 2}]
    )
    assert api_as(admin_user).post(URL, payload).status_code == 200
    assert Order.objects.get().amount_paid_fen == 9980


def test_order_cannot_move_to_another_consumer(admin_user, consumer, order, api_as):
    payload = batch(number=order.number, merchant="M1", consumer={"username": "mallory-new"})
    payload["merchants"] = []
    response = api_as(admin_user).post(URL, payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "consumer"
    order.refresh_from_db()
    assert order.consumer == consumer


def test_duplicate_numbers_in_batch(admin_user, api_as):
    payload = batch()
    payload["orders"].append(payload["orders"][0])
    response = api_as(admin_user).post(URL, payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "number"


def test_dry_run_writes_nothing(admin_user, api_as):
    body = (
        api_as(admin_user)
        .client.post(
            f"{URL}?dry_run=true",
            batch(),
            content_type="application/json",
            headers=api_as(admin_user).headers,
        )
        .json()
    )
    assert body["created"] == 1
    assert not Order.objects.exists()


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "agent", "supervisor"])
def test_only_admins_may_import(who, api_as, request):
    response = api_as(request.getfixturevalue(who)).post(URL, batch())
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Order.objects.exists()


def test_import_needs_a_token(db, api_as):
    assert api_as(None).post(URL, batch()).status_code == 401
