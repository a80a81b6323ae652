"""The complaint about customer service: service categories (not goods ones), and no kind
toggle that looks like a button; the order form keeps the goods categories."""

import re
import uuid

from django.urls import reverse

from tousu.complaints.choices import PLATFORM_SERVICE_CATEGORIES, SERVICE_CATEGORIES
from tousu.complaints.models import Complaint

SERVICE_FORM = reverse("portal:file_without_order")


def options(html: str) -> set[str]:
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([^"]*)"', select))


def test_the_service_form_offers_service_categories_only(as_consumer):
    html = as_consumer.get(SERVICE_FORM + "?category=service").content.decode()
    assert options(html) == set(SERVICE_CATEGORIES) | {"other"}
    for goods in ("quality", "counterfeit", "delivery", "food_safety"):
        assert goods not in options(html)
    assert "Handled too slowly" in html and "Could not reach customer service" in html


def test_the_service_form_has_no_kind_toggle(as_consumer):
    html = as_consumer.get(SERVICE_FORM).content.decode()
    assert 'class="segmented"' not in html
    assert re.search(r'<input type="hidden" name="kind" value="complaint"', html)


def test_a_service_category_is_filed_and_a_goods_one_refused(as_consumer, consumer):
    data = {
        "kind": "complaint",
        "demand": "apology",
        "description": "11月3日起联系客服五次，都没有人工回复。",
        "token": str(uuid.uuid4()),
    }
    response = as_consumer.post(SERVICE_FORM, {**data, "category": "service_slow"})
    assert response.status_code == 302
    assert Complaint.objects.get(consumer=consumer).get_category_display() == "Handled too slowly"
    refused = as_consumer.post(
        SERVICE_FORM, {**data, "category": "quality", "token": str(uuid.uuid4())}
    )
    assert refused.status_code == 422 and Complaint.objects.filter(consumer=consumer).count() == 1


def test_an_unknown_category_in_the_link_starts_on_customer_service_attitude(as_consumer):
    html = as_consumer.get(SERVICE_FORM + "?category=quality").content.decode()
    assert '<option value="service" selected>' in html


def test_the_order_form_keeps_goods_categories_and_its_kind_toggle(as_consumer, order):
    html = as_consumer.get(reverse("portal:file_for_order", args=[order.number])).content.decode()
    assert "quality" in options(html) and "service" in options(html)  # the shop's service
    assert not options(html) & set(PLATFORM_SERVICE_CATEGORIES)
    assert 'class="segmented"' in html
