"""The complaint form: from an order, or about customer service without one."""

import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import photo
from tests.portal.conftest import client_for
from tousu.complaints.models import Complaint, Evidence
from tousu.complaints.workflow import Status


def form_url(order, kind="after_sales"):
    return reverse("portal:file_for_order", args=[order.number]) + f"?kind={kind}"


def payload(**overrides):
    values = {
        "kind": "after_sales",
        "category": "quality",
        "demand": "return_refund",
        "amount": "299.00",
        "description": "耳机左耳没有声音，重新配对也不行。",
        "token": str(uuid.uuid4()),
    }
    values.update(overrides)
    return values


def test_form_is_prefilled_from_the_order_and_the_button(as_consumer, order):
    html = as_consumer.get(form_url(order, "complaint")).content.decode()
    assert 'value="299.00"' in html  # amount paid, for the preselected refund demand
    assert re.search(r'value="complaint"[^>]*checked', html)
    assert not re.search(r'value="after_sales"[^>]*checked', html)
    assert 'name="token"' in html and "优品数码" in html


def test_full_filing_flow_with_a_photo_lands_on_the_complaint_page(as_consumer, order):
    response = as_consumer.post(
        form_url(order),
        payload(evidence=[photo("左耳.png"), photo("盒子.png", color=(0, 90, 200))]),
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert response.redirect_chain[-1][0] == reverse("portal:complaint", args=[complaint.number])
    html = response.content.decode()
    assert complaint.number in html and f"s-{Status.ACKNOWLEDGED}" in html
    assert (
        complaint.demand_amount_fen == 29900
        and complaint.order == order
        and complaint.channel == "web"
    )
    evidence = list(Evidence.objects.filter(complaint=complaint))
    assert len(evidence) == 2
    for item in evidence:
        assert reverse("evidence", args=[item.pk]) in html
    assert 'class="timeline"' in html


@pytest.mark.parametrize(
    "typed, fen", [("19.99", 1999), ("0.1", 10), ("¥ 1,234.5", 123450), ("２９９．００", 29900)]
)
def test_amount_in_yuan_becomes_exact_fen(as_consumer, order, typed, fen):
    as_consumer.post(form_url(order), payload(demand="compensation", amount=typed))
    assert Complaint.objects.get().demand_amount_fen == fen


def test_amount_is_dropped_for_demands_without_money(as_consumer, order):
    as_consumer.post(form_url(order), payload(demand="exchange", amount="299.00"))
    assert Complaint.objects.get().demand_amount_fen is None


def test_empty_description_shows_the_error_and_keeps_what_was_typed(as_consumer, order):
    response = as_consumer.post(
        form_url(order), payload(description="   ", amount="88.80", category="counterfeit")
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Please describe what happened." in html and 'id="description-errors"' in html
    assert 'value="88.80"' in html and '<option value="counterfeit" selected>' in html
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "amount, message",
    [
        ("12.345", "at most two decimals"),
        ("abc", "like 299.00"),
        ("300.00", "cannot exceed"),
        ("-1", "cannot be negative"),
    ],
)
def test_bad_amounts_are_explained(as_consumer, order, amount, message):
    response = as_consumer.post(form_url(order), payload(amount=amount))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'id="amount-errors"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_chinese_is_the_default_language(consumer, order, chinese_default):
    response = client_for(consumer, language="").get(form_url(order))
    assert response.headers["Content-Language"] == "zh-hans"


def test_executable_renamed_jpg_is_refused(as_consumer, order):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = as_consumer.post(form_url(order), payload(evidence=[fake]))
    html = response.content.decode()
    assert response.status_code == 422
    assert "photo.jpg" in html and 'id="evidence-errors"' in html
    assert "耳机左耳没有声音" in html  # the description survives
    assert not Complaint.objects.exists()


def test_oversized_file_is_refused(as_consumer, order, settings):
    settings.TOUSU_EVIDENCE_MAX_IMAGE_BYTES = 1024
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 80).convert("RGB").save(buffer, format="PNG")
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    assert big.size > 1024
    response = as_consumer.post(form_url(order), payload(evidence=[big]))
    assert response.status_code == 422
    assert "big.png" in response.content.decode() and "MB" in response.content.decode()
    assert not Complaint.objects.exists()


def test_double_submit_files_once_and_both_land_on_the_same_page(as_consumer, order):
    data = payload()
    first = as_consumer.post(form_url(order), data)
    second = as_consumer.post(form_url(order), data)
    complaint = Complaint.objects.get()
    page = reverse("portal:complaint", args=[complaint.number])
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == page


def test_reused_token_with_other_content_is_explained_not_filed_twice(as_consumer, order):
    data = payload()
    as_consumer.post(form_url(order), data)
    response = as_consumer.post(form_url(order), {**data, "description": "完全不同的内容"})
    assert response.status_code == 422
    assert Complaint.objects.count() == 1
    assert data["token"] not in response.content.decode()  # a fresh token to try again


def test_another_consumers_order_in_the_url_is_404(as_consumer, outsider_order):
    assert as_consumer.get(form_url(outsider_order)).status_code == 404
    assert as_consumer.post(form_url(outsider_order), payload()).status_code == 404
    assert not Complaint.objects.exists()


def test_complaint_about_customer_service_needs_no_order(as_consumer):
    url = reverse("portal:file_without_order") + "?category=service"
    html = as_consumer.get(url).content.decode()
    assert '<option value="service" selected>' in html
    response = as_consumer.post(
        url, payload(kind="complaint", category="service", demand="apology", amount="")
    )
    complaint = Complaint.objects.get()
    assert response.url == reverse("portal:complaint", args=[complaint.number])
    assert (
        complaint.order is None and complaint.merchant is None and complaint.category == "service"
    )


def test_non_consumers_cannot_file(as_merchant, as_agent, order):
    for client in (as_merchant, as_agent):
        response = client.post(form_url(order), payload())
        assert response.status_code == 302 and response.url == reverse("home")
    assert not Complaint.objects.exists()


def test_service_page_offers_both_entries_and_recent_orders(as_consumer, order):
    html = as_consumer.get(reverse("portal:service")).content.decode()
    assert reverse("portal:file_for_order", args=[order.number]) + "?kind=after_sales" in html
    assert reverse("portal:file_for_order", args=[order.number]) + "?kind=complaint" in html
    assert reverse("portal:file_without_order") + "?category=service" in html


def test_service_page_shows_no_one_elses_orders(as_outsider, order):
    assert order.number not in as_outsider.get(reverse("portal:service")).content.decode()


def test_after_sales_button_preselects_after_sales(as_consumer, order):
    html = as_consumer.get(form_url(order, "after_sales")).content.decode()
    assert re.search(r'value="after_sales"[^>]*checked', html)
    assert '<option value="return_refund" selected>' in html
