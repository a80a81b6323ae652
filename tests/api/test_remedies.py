"""GET /api/v1/orders/{number}/items/{id}/remedies and filing about chosen lines through the API."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.api.conftest import ApiClient
from tousu.complaints.models import Complaint
from tousu.orders.models import Order, OrderItem, OrderStatus

NOW = "2026-11-30 12:00 +0800"


@pytest.fixture
def phone_order(consumer, shop):
    """A phone (三包: mobile_phone) and a case, received 1 November 2026, paid with the invoice that day."""
    with time_machine.travel("2026-10-31 10:00 +0800", tick=False):
        order = Order.objects.create(
            number="202610310001",
            consumer=consumer,
            merchant=shop,
            amount_paid_fen=203_800,
            status=OrderStatus.RECEIVED,
            paid_at=timezone.now(),
            received_at=timezone.now() + timedelta(days=1),
        )
    phone = OrderItem.objects.create(
        order=order,
        product_name="手机",
        category="electronics",
        product_kind="mobile_phone",
        unit_price_fen=199_900,
        quantity=1,
    )
    case = OrderItem.objects.create(
        order=order, product_name="手机壳", category="electronics", unit_price_fen=1_950, quantity=2
    )
    return order, phone, case


def path(order, item):
    return f"/api/v1/orders/{order.number}/items/{item.pk}/remedies"


@time_machine.travel(NOW, tick=False)
def test_sanbao_line_on_day_29_gets_repair_until_the_end_of_the_warranty(
    api_as, consumer, phone_order
):
    order, phone, _case = phone_order
    body = api_as(consumer).get(path(order, phone), category="quality").json()
    assert body["item"]["id"] == phone.pk and body["quantity"] == 1
    [repair] = body["remedies"]
    assert repair["code"] == "sanbao_repair" and repair["last_day"] == "2027-11-01"
    assert (
        repair["shipping_paid_by"] == "merchant" and repair["refund_fen"] == 0 and repair["basis"]
    )


@time_machine.travel(NOW, tick=False)
def test_a_line_off_the_catalogue_gets_art_24_with_the_return_the_agent_confirms(
    api_as, consumer, phone_order
):
    order, _phone, case = phone_order
    body = api_as(consumer).get(path(order, case), category="quality", quantity=1).json()
    codes = {r["code"]: r for r in body["remedies"]}
    assert set(codes) == {"defect_exchange_or_repair", "defect_termination_return"}
    assert (
        codes["defect_termination_return"]["refund_fen"] == 1_950
        and codes["defect_termination_return"]["condition"]
    )


@time_machine.travel(NOW, tick=False)
def test_fraud_on_one_of_two_cases_takes_its_price_and_the_minimum(api_as, consumer, phone_order):
    order, _phone, case = phone_order
    body = api_as(consumer).get(path(order, case), category="counterfeit", quantity=1).json()
    [fraud] = [r for r in body["remedies"] if r["code"] == "fraud_compensation"]
    assert (fraud["refund_fen"], fraud["compensation_fen"], fraud["total_yuan"]) == (
        1_950,
        50_000,
        "519.50",
    )


def test_quantity_above_what_was_ordered_is_422(api_as, consumer, phone_order):
    order, _phone, case = phone_order
    response = api_as(consumer).get(path(order, case), quantity=3)
    assert response.status_code == 422
    assert response.json()["fields"]["quantity"] == "You ordered 2 of “手机壳”; choose at most 2."


def test_someone_elses_line_is_404(api_as, outsider, consumer, phone_order, outsider_order):
    order, phone, _case = phone_order
    assert api_as(outsider).get(path(order, phone)).status_code == 404
    theirs = outsider_order.items.get()
    response = api_as(consumer).get(path(order, theirs))  # my order, their line
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_unknown_category_and_negative_loss_are_422(api_as, consumer, phone_order):
    order, phone, _case = phone_order
    assert api_as(consumer).get(path(order, phone), category="nonsense").status_code == 422
    assert api_as(consumer).get(path(order, phone), loss_fen=-1).status_code == 422


def test_anonymous_is_401(phone_order):
    order, phone, _case = phone_order
    assert ApiClient().get(path(order, phone)).status_code == 401


def test_orders_show_line_ids_and_kinds(api_as, consumer, phone_order):
    order, phone, _case = phone_order
    items = api_as(consumer).get(f"/api/v1/orders/{order.number}").json()["items"]
    assert [(i["id"], i["product_kind"]) for i in items][0] == (phone.pk, "mobile_phone")


def test_filing_about_a_line_and_reading_it_back(api_as, consumer, phone_order):
    order, _phone, case = phone_order
    client = api_as(consumer)
    response = client.post(
        "/api/v1/complaints",
        {
            "kind": "after_sales",
            "category": "quality",
            "demand": "return_refund",
            "description": "手机壳裂了。",
            "order_number": order.number,
            "amount_fen": 1_950,
            "lines": [{"item_id": case.pk, "quantity": 1}],
        },
    )
    assert response.status_code == 201, response.json()
    detail = client.get(f"/api/v1/complaints/{response.json()['number']}").json()
    assert detail["lines"] == [
        {
            "item_id": case.pk,
            "product_name": "手机壳",
            "category": "electronics",
            "product_kind": "",
            "unit_price_fen": 1_950,
            "quantity": 1,
            "ordered_quantity": 2,
            "paid_fen": 1_950,
            "paid_yuan": "19.50",
        }
    ]


def test_filing_refund_above_the_chosen_lines_is_refused(api_as, consumer, phone_order):
    order, _phone, case = phone_order
    response = api_as(consumer).post(
        "/api/v1/complaints",
        {
            "kind": "after_sales",
            "category": "quality",
            "demand": "return_refund",
            "description": "手机壳裂了。",
            "order_number": order.number,
            "amount_fen": 1_951,
            "lines": [{"item_id": case.pk, "quantity": 1}],
        },
    )
    assert response.status_code == 422 and "amount_fen" in response.json()["fields"]
    assert not Complaint.objects.exists()


def test_filing_with_another_consumers_line_is_refused(
    api_as, consumer, phone_order, outsider_order
):
    order, _phone, _case = phone_order
    theirs = outsider_order.items.get()
    response = api_as(consumer).post(
        "/api/v1/complaints",
        {
            "kind": "after_sales",
            "category": "quality",
            "demand": "exchange",
            "description": "不对。",
            "order_number": order.number,
            "lines": [{"item_id": theirs.pk, "quantity": 1}],
        },
    )
    assert response.status_code == 422 and response.json()["fields"]["lines"].startswith(
        f"Item {theirs.pk}"
    )


def test_openapi_documents_the_remedies_endpoint(db):
    spec = ApiClient().get("/api/openapi.json").json()
    operation = spec["paths"]["/api/v1/orders/{number}/items/{item_id}/remedies"]["get"]
    assert set(operation["responses"]) >= {"200", "401", "404", "422"}
    remedy = spec["components"]["schemas"]["RemedyOut"]["properties"]
    assert {
        "basis",
        "refund_fen",
        "compensation_fen",
        "loss_fen",
        "last_day",
        "shipping_paid_by",
    } <= set(remedy)
    assert "lines" in spec["components"]["schemas"]["ComplaintIn"]["properties"]


@pytest.mark.parametrize(
    "line",
    [
        {"item_id": True, "quantity": 1},
        {"item_id": "1", "quantity": 1},
        {"item_id": 1, "quantity": 1.5},
        {"item_id": 1, "quantity": 0},
        {"item_id": 1},
    ],
)
def test_malformed_lines_are_422_not_500(api_as, consumer, phone_order, line):
    order, _phone, _case = phone_order
    response = api_as(consumer).post(
        "/api/v1/complaints",
        {
            "kind": "after_sales",
            "category": "quality",
            "demand": "exchange",
            "description": "坏了。",
            "order_number": order.number,
            "lines": [line],
        },
    )
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
