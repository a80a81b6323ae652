"""The complaint form warns about the consumer's own open complaint on the same order line."""

import uuid

import pytest
from django.urls import reverse

from tests.conftest import draft
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def form_url(order):
    return reverse("portal:file_for_order", args=[order.number])


def payload(**overrides):
    values = {
        "kind": "after_sales",
        "category": "quality",
        "demand": "return_refund",
        "amount": "299.00",
        "description": "耳机右耳也没有声音了。",
        "token": str(uuid.uuid4()),
    }
    return {**values, **overrides}


@pytest.fixture
def open_one(consumer, order):
    return filing.file_complaint(consumer, draft(), channel=Channel.APP)[0]


def test_the_form_shows_the_open_complaint_with_a_link(as_consumer, order, open_one):
    html = as_consumer.get(form_url(order)).content.decode()
    assert 'id="duplicate-warning"' in html and open_one.number in html
    assert reverse("portal:complaint", args=[open_one.number]) in html
    assert 'name="confirm_new"' in html


def test_sending_without_confirming_files_nothing(as_consumer, order, open_one):
    response = as_consumer.post(form_url(order), payload())
    assert response.status_code == 409
    assert open_one.number in response.content.decode()
    assert Complaint.objects.count() == 1


def test_confirming_files_a_new_one(as_consumer, order, open_one):
    response = as_consumer.post(form_url(order), payload(confirm_new="on"))
    assert response.status_code == 302
    assert Complaint.objects.count() == 2


def test_the_warning_is_chinese(as_consumer, order, open_one, chinese_default):
    html = as_consumer.get(form_url(order)).content.decode()
    assert f"已有处理中的投诉 {open_one.number}，补充到原投诉？" in html


def test_without_an_open_complaint_no_warning(as_consumer, order, consumer):
    filed = filing.file_complaint(consumer, draft(), channel=Channel.APP)[0]
    actions.transition(filed, consumer, "withdraw", channel=Channel.APP)
    html = as_consumer.get(form_url(order)).content.decode()
    assert 'id="duplicate-warning"' not in html
    assert as_consumer.post(form_url(order), payload()).status_code == 302


def test_another_consumers_complaint_never_shows(client, outsider, outsider_order, order, consumer):
    filing.file_complaint(consumer, draft(), channel=Channel.APP)
    client.force_login(outsider)
    html = client.get(form_url(outsider_order)).content.decode()
    assert 'id="duplicate-warning"' not in html
