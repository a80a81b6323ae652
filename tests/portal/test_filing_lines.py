"""Choosing the items a complaint is about on the web form, and what each may get."""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tousu.complaints.models import Complaint
from tousu.orders.models import Order, OrderItem, OrderStatus


@pytest.fixture
def clothes(consumer, shop):
    """Two T-shirts at ¥99.00 and a custom hoodie at ¥259.00, received two days ago."""
    paid = timezone.now() - timedelta(days=4)
    order = Order.objects.create(
        number="202611200100",
        consumer=consumer,
        merchant=shop,
        amount_paid_fen=45_700,
        status=OrderStatus.RECEIVED,
        paid_at=paid,
        received_at=paid + timedelta(days=2),
    )
    shirt = OrderItem.objects.create(
        order=order, product_name="纯棉T恤", category="apparel", unit_price_fen=9_900, quantity=2
    )
    hoodie = OrderItem.objects.create(
        order=order, product_name="定制卫衣", category="custom", unit_price_fen=25_900, quantity=1
    )
    return order, shirt, hoodie


def url(order):
    return reverse("portal:file_for_order", args=[order.number])


def payload(**overrides):
    values = {
        "kind": "after_sales",
        "category": "other",
        "demand": "return_refund",
        "amount": "99.00",
        "description": "T恤洗了一次就缩水了，想退一件。",
        "token": str(uuid.uuid4()),
    }
    values.update(overrides)
    return values


def test_form_lists_every_line_with_a_tick_and_a_quantity(as_consumer, clothes):
    order, shirt, hoodie = clothes
    html = as_consumer.get(url(order)).content.decode()
    assert "Which items is it about?" in html
    assert f'name="lines" value="{shirt.pk}"' in html and f'name="qty_{hoodie.pk}"' in html
    assert 'max="2"' in html  # at most the two T-shirts ordered


def test_a_one_line_order_has_its_line_ticked(as_consumer, order):
    item = order.items.get()
    html = as_consumer.get(url(order)).content.decode()
    assert re.search(rf'<input type="checkbox" name="lines" value="{item.pk}"[^>]*checked', html)


def test_filing_about_one_of_two_shirts(as_consumer, clothes):
    order, shirt, _hoodie = clothes
    response = as_consumer.post(
        url(order), payload(lines=[str(shirt.pk)], **{f"qty_{shirt.pk}": "1"})
    )
    assert response.status_code == 302
    [line] = Complaint.objects.get().lines.all()
    assert (line.order_item_id, line.quantity) == (shirt.pk, 1)


def test_a_refund_above_what_the_ticked_items_cost_is_refused(as_consumer, clothes):
    order, shirt, _hoodie = clothes
    response = as_consumer.post(
        url(order), payload(lines=[str(shirt.pk)], amount="99.01", **{f"qty_{shirt.pk}": "1"})
    )
    assert response.status_code == 422
    assert (
        "A refund cannot exceed the 99.00 yuan you paid for the chosen items."
        in response.content.decode()
    )
    assert not Complaint.objects.exists()


def test_quantity_above_what_was_ordered_is_explained(as_consumer, clothes):
    order, shirt, _hoodie = clothes
    response = as_consumer.post(
        url(order), payload(lines=[str(shirt.pk)], **{f"qty_{shirt.pk}": "3"})
    )
    assert response.status_code == 422
    assert "You ordered 2 of “纯棉T恤”; choose at most 2." in response.content.decode()


def test_a_line_of_another_order_is_refused(as_consumer, clothes, outsider_order):
    order, _shirt, _hoodie = clothes
    theirs = outsider_order.items.get()
    response = as_consumer.post(url(order), payload(lines=[str(theirs.pk)]))
    assert response.status_code == 422 and not Complaint.objects.exists()


def test_entitlement_for_the_ticked_lines_only(as_consumer, clothes):
    order, shirt, hoodie = clothes
    partial = reverse("portal:entitlement", args=[order.number])
    html = as_consumer.get(
        partial,
        {"category": "other", "lines": [str(shirt.pk), str(hoodie.pk)], f"qty_{shirt.pk}": "1"},
    ).content.decode()
    assert "7-day no-reason return" in html and "纯棉T恤 × 1" in html and "¥99.00" in html
    assert "No 7-day no-reason return for 定制卫衣: custom-made goods." in html
    whole = as_consumer.get(partial, {"category": "other"}).content.decode()
    assert "For the whole order" in whole


def test_outsider_gets_404_for_the_entitlement_of_someone_elses_lines(as_outsider, clothes):
    order, shirt, _hoodie = clothes
    partial = reverse("portal:entitlement", args=[order.number])
    assert as_outsider.get(partial, {"lines": [str(shirt.pk)]}).status_code == 404


def test_an_old_order_gets_a_notice_not_a_refusal(as_consumer, clothes, settings):
    order, shirt, _hoodie = clothes
    Order.objects.filter(pk=order.pk).update(
        paid_at=timezone.now() - timedelta(days=settings.TOUSU_OLD_ORDER_NOTICE_DAYS + 10)
    )
    html = as_consumer.get(url(order)).content.decode()
    assert f"paid more than {settings.TOUSU_OLD_ORDER_NOTICE_DAYS} days ago" in html
    response = as_consumer.post(url(order), payload(demand="exchange", lines=[str(shirt.pk)]))
    assert response.status_code == 302 and Complaint.objects.count() == 1
