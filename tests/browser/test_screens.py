"""Screens of issue 15 in a real Chromium, under the Content-Security-Policy: photo previews
before upload (filing form and evidence upload), the return step's "Other" carrier box, the
rating with no star chosen at first."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.browser.conftest import needs_chromium
from tests.browser.test_csp import Watched
from tests.conftest import png_bytes
from tests.steps import take
from tousu.complaints.models import Complaint

pytestmark = [pytest.mark.browser, needs_chromium]


def previews(page, form: str) -> list[str]:
    thumbs = page.locator(f"{form} ul.previews img")
    thumbs.first.wait_for()
    assert thumbs.first.evaluate("img => img.complete && img.naturalWidth") > 0
    return [thumbs.nth(i).get_attribute("src") for i in range(thumbs.count())]


@pytest.mark.django_db(transaction=True)
def test_photo_previews_return_carrier_and_unrated_stars(
    browser, live_server, tmp_path, no_filing_limits
):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    first, second = tmp_path / "左耳.png", tmp_path / "包装.png"
    first.write_bytes(png_bytes((200, 30, 30)))
    second.write_bytes(png_bytes((30, 30, 200)))
    (tmp_path / "发票.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")

    # The filing form: each chosen photo is shown before anything is sent, a PDF by its name.
    consumer = Watched(browser, live_server, "consumer1")
    page = consumer.page
    consumer.goto("/complaints/new/?category=service")
    assert page.locator(".segmented").count() == 0  # no one-choice toggle like a button
    page.set_input_files(
        "input[name=evidence]", [str(first), str(second), str(tmp_path / "发票.pdf")]
    )
    sources = previews(page, "form.complaint-form")
    assert len(sources) == 2 and all(src.startswith("blob:") for src in sources)
    assert page.locator("form.complaint-form ul.previews .file-tile").inner_text() == "PDF"
    page.set_input_files("input[name=evidence]", [str(first)])  # choosing again replaces them
    assert len(previews(page, "form.complaint-form")) == 1

    # The evidence upload on a complaint page.
    mine = Complaint.objects.filter(consumer__username="consumer1", closed_at=None).first()
    consumer.goto(f"/complaints/{mine.number}/")
    page.set_input_files("form.add-evidence input[name=files]", [str(second)])
    assert len(previews(page, "form.add-evidence")) == 1

    # The return step: "Other" opens a box for the carrier's name.
    returning = Complaint.objects.filter(status="awaiting_return").select_related("consumer")[0]
    shipper = Watched(browser, live_server, returning.consumer.username)
    shipper.goto(f"/complaints/{returning.number}/")
    other = shipper.page.locator("#return input[name=carrier_other]")
    assert not other.is_visible()
    shipper.page.select_option("#return select[name=carrier]", "other")
    assert other.is_visible()

    # The rating: five stars per question, none chosen; the browser asks for them first.
    rated = Complaint.objects.filter(status="waiting_merchant").select_related("consumer")[0]
    merchant_staff = rated.merchant.staff.first()
    take(rated, merchant_staff, "merchant_offer")
    take(rated, rated.consumer, "accept_offer")
    assert rated.status == "waiting_confirmation"
    rater = Watched(browser, live_server, rated.consumer.username)
    rater.goto(f"/complaints/{rated.number}/")
    stars = rater.page.locator("#rate input[type=radio][name=overall]")
    assert stars.count() == 5
    assert rater.page.locator("#rate fieldset.stars input:checked").count() == 0
    rater.page.click("#rate button[type=submit]")
    assert rater.page.url.endswith(f"/complaints/{rated.number}/")  # not sent: stars required
    assert Complaint.objects.get(pk=rated.pk).status == "waiting_confirmation"
    for name in ("attitude", "speed", "overall"):
        rater.page.check(f"#rate input[name={name}][value='4']", force=True)
    rater.page.click("#rate button[type=submit]")
    rater.page.wait_for_load_state("networkidle")
    assert Complaint.objects.get(pk=rated.pk).status == "closed"

    for session in (consumer, shipper, rater):
        assert session.csp_problems() == [], session.csp_problems()
