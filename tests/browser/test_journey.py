"""The first complete path, in a real browser: a consumer files, an agent replies, the consumer reads it.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against a live server
loaded with the demo data, exactly as a new user would after `make run`.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in, needs_chromium
from tests.conftest import png_bytes
from tousu.complaints.models import Complaint
from tousu.sla.models import Clock, ClockRule, SlaPolicy

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True)
def test_consumer_files_with_a_photo_agent_replies_consumer_reads_it(
    browser, live_server, tmp_path, settings
):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    # As `make run` serves the demo: its accounts have just "filed" the demo's complaints.
    settings.TOUSU_FILING_LIMIT_PER_HOUR = settings.TOUSU_FILING_LIMIT_PER_DAY = 0
    picture = tmp_path / "broken-earphones.png"
    picture.write_bytes(png_bytes())
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))

    # The consumer, on a phone: my orders → an order → complain → form → submit.
    consumer = log_in(browser, live_server, "consumer1", viewport={"width": 390, "height": 844})
    assert consumer.url.endswith("/orders/")
    consumer.click("a.order-body >> nth=0")
    consumer.click("a[href*='/complain/?kind=complaint']")
    consumer.select_option("select[name=category]", "quality")
    consumer.select_option("select[name=demand]", "return_refund")
    consumer.fill("textarea[name=description]", "耳机左耳完全没有声音，重新配对也不行。")
    consumer.set_input_files("input[name=evidence]", str(picture))
    consumer.screenshot(path=str(shots / "1-consumer-form.png"), full_page=True)
    consumer.click("form.complaint-form button[type=submit]")
    consumer.wait_for_url(re.compile(r"/complaints/TS\d{14}/$"))
    number = consumer.url.rstrip("/").rsplit("/", 1)[-1]
    filed = Complaint.objects.get(number=number)
    assert filed.consumer.username == "consumer1" and filed.evidence.count() == 1
    assert consumer.locator(f"text={number}").first.is_visible()
    assert consumer.locator("img[src*='/evidence/']").first.is_visible()

    # The agent finds it at the top of the queue and replies publicly.
    agent = log_in(browser, live_server, "agent1", viewport={"width": 1440, "height": 900})
    assert "/desk/" in agent.url
    agent.click(f"a[href$='/desk/c/{number}/']")
    reply = "您好，已联系商家核实，请稍候。"
    agent.fill("form.reply textarea[name=body]", reply)
    agent.click("form.reply button[type=submit]")
    agent.locator(".timeline .body", has_text=reply).wait_for()
    agent.screenshot(path=str(shots / "2-agent-detail.png"), full_page=True)

    # The consumer sees the reply on the complaint page.
    consumer.reload()
    assert consumer.locator(".timeline", has_text=reply).first.is_visible()
    consumer.screenshot(path=str(shots / "3-consumer-sees-reply.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_outsider_in_the_browser_gets_not_found(browser, live_server):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    theirs = Complaint.objects.filter(consumer__username="consumer1").first()
    page = log_in(browser, live_server, "consumer2")
    response = page.goto(f"{live_server.url}/complaints/{theirs.number}/")
    assert response.status == 404


@pytest.mark.django_db(transaction=True)
def test_consumer_sees_the_time_left_after_the_merchants_offer(browser, live_server, tmp_path):
    # The seeded default rule (a data migration, gone after an earlier transactional test's flush).
    policy, _ = SlaPolicy.objects.get_or_create(name="默认 Default")
    ClockRule.objects.get_or_create(
        policy=policy,
        clock=Clock.INTERVENTION_WINDOW,
        defaults={"duration": "7cd", "breach_action": "lapse"},
    )
    call_command("load_demo", stdout=open(os.devnull, "w"))
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))
    waiting = (
        Complaint.objects.filter(status="waiting_merchant")
        .select_related("consumer", "merchant")
        .first()
    )
    number, shop_staff = waiting.number, waiting.merchant.staff.first().username

    # The merchant, at a desk, offers a partial refund in the merchant center.
    merchant = log_in(browser, live_server, shop_staff, viewport={"width": 1280, "height": 800})
    merchant.goto(f"{live_server.url}/merchant/center/c/{number}/")
    merchant.check("input[name=answer][value=offer]")
    merchant.select_option("select[name=remedy]", "partial_refund")
    merchant.fill("input[name=amount]", "10.00")
    merchant.fill("textarea[name=reason]", "可以部分退款 10 元作为补偿。")
    merchant.click("#respond button[type=submit]")
    merchant.wait_for_load_state()
    waiting.refresh_from_db()
    assert waiting.status == "merchant_offered"

    # The consumer, on a phone: their turn, the time left and the deadline in Beijing time.
    consumer = log_in(
        browser, live_server, waiting.consumer.username, viewport={"width": 390, "height": 844}
    )
    consumer.goto(f"{live_server.url}/complaints/{number}/")
    turn = consumer.locator("#turn.turn.yours")
    assert turn.is_visible()
    assert (
        consumer.locator(".complaint-head .badge").first.inner_text()
        == "Waiting for you to answer the merchant's offer"
    )
    assert turn.locator("strong", has_text="You").first.is_visible()
    assert re.fullmatch(r"7 days( \d{1,2} hours?)? left", turn.locator(".time-left").inner_text())
    assert re.search(r"by \d{4}-\d{2}-\d{2} 00:00 \(Beijing time\)", turn.inner_text())
    consumer.screenshot(path=str(shots / "4-consumer-time-left.png"), full_page=True)
