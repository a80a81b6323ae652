"""“What you may be entitled to” on the complaint form, from the remedy calculator."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


def form_url(order):
    return reverse("portal:file_for_order", args=[order.number])


def partial_url(order, category):
    return reverse("portal:entitlement", args=[order.number]) + f"?category={category}"


def test_form_shows_the_no_reason_return_with_its_last_day(as_consumer, order):
    # The fixture order was received 2 days ago: the 7 days run from the day after receipt.
    html = as_consumer.get(form_url(order)).content.decode()
    last_day = (timezone.localtime(order.received_at).date() + timedelta(days=7)).strftime(
        "%Y-%m-%d"
    )
    assert "What you may be entitled to" in html
    assert "7-day no-reason return" in html and last_day in html


def test_counterfeit_adds_three_times_the_price_with_the_500_yuan_minimum(as_consumer, order):
    html = as_consumer.get(partial_url(order, "counterfeit")).content.decode()
    # ¥299.00 paid: 3 × 299 = 897 yuan compensation (above the 500-yuan minimum).
    assert "Refund plus three times the price" in html and "¥897.00" in html


def test_outsider_cannot_ask_about_someone_elses_order(as_outsider, order):
    assert as_outsider.get(partial_url(order, "quality")).status_code == 404


def test_no_section_without_an_order(as_consumer):
    html = as_consumer.get(reverse("portal:file_without_order")).content.decode()
    assert "What you may be entitled to" not in html
