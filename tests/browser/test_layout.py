"""Screens as people see them, measured in a real Chromium: tick boxes and radio buttons on
their label's line, long unbroken text kept inside its box, phone-size tap targets in the
top bar."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in, needs_chromium
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.orders.models import Order

pytestmark = [pytest.mark.browser, needs_chromium]
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN"}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"}
LONG_URL = "https://example.com/track?" + "x" * 400

# For each label holding a tick box or radio button: the box and the first line of its text.
CHOICES = """sel => [...document.querySelectorAll(sel)].map(label => {
  const input = label.querySelector(':scope > input[type=radio], :scope > input[type=checkbox]');
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT,
    {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const range = document.createRange();
  range.selectNodeContents(walker.nextNode());
  const box = input.getBoundingClientRect(), line = range.getClientRects()[0];
  return {text: label.textContent.trim().slice(0, 20), box: [box.left, box.top, box.right, box.bottom],
          line: [line.left, line.top, line.right, line.bottom]};
})"""


def assert_on_one_line(page, selector: str) -> int:
    choices = page.evaluate(CHOICES, selector)
    for choice in choices:
        left, top, right, bottom = choice["box"]
        line_left, line_top, _, line_bottom = choice["line"]
        assert top < line_bottom and bottom > line_top, choice  # beside the text, not above it
        assert right <= line_left + 1, choice  # and before it
    return len(choices)


@pytest.fixture
def demo(live_server, no_filing_limits, chinese_default):
    call_command("load_demo", stdout=open(os.devnull, "w"))


@pytest.mark.django_db(transaction=True)
def test_choices_sit_on_the_line_of_their_labels(browser, live_server, demo):
    waiting = Complaint.objects.filter(status="waiting_merchant").select_related("merchant")[0]
    merchant = log_in(browser, live_server, waiting.merchant.staff.first().username, **PHONE)
    merchant.goto(f"{live_server.url}/merchant/center/c/{waiting.number}/")
    answers = "#respond label:has(> input[type=radio])"
    assert assert_on_one_line(merchant, answers) == 3  # agree, offer something else, reject
    texts = [c["text"] for c in merchant.evaluate(CHOICES, answers)]
    assert texts == ["同意诉求", "提出其他方案", "拒绝诉求"]

    order = Order.objects.filter(consumer__username="consumer1").order_by("pk")[0]
    consumer = log_in(browser, live_server, "consumer1", **PHONE)
    consumer.goto(f"{live_server.url}/orders/{order.number}/complain/?kind=complaint")
    assert assert_on_one_line(consumer, "form label:has(> input[type=checkbox])") >= 1


@pytest.mark.django_db(transaction=True)
def test_a_long_link_wraps_inside_its_box(browser, live_server, demo):
    complaint = Complaint.objects.filter(consumer__username="consumer1", status="received")[0]
    actions.post_message(complaint, complaint.consumer, f"见 {LONG_URL}", channel=Channel.WEB)

    consumer = log_in(browser, live_server, "consumer1", **PHONE)
    consumer.goto(f"{live_server.url}/complaints/{complaint.number}/")
    assert LONG_URL in consumer.content()
    assert consumer.evaluate("document.documentElement.scrollWidth") <= 390

    agent = log_in(browser, live_server, "agent1", **DESKTOP)
    agent.goto(f"{live_server.url}/desk/c/{complaint.number}/")
    assert agent.evaluate("document.documentElement.scrollWidth") <= 1280
    message = agent.locator(".timeline li", has_text="example.com/track").bounding_box()
    sidebar = agent.locator("aside.side-col").bounding_box()
    assert message["x"] + message["width"] <= sidebar["x"], (message, sidebar)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "username, path",
    [("consumer1", "/orders/"), ("agent1", "/desk/"), ("merchant1", "/merchant/center/")],
)
def test_top_bar_links_are_big_enough_to_tap_on_a_phone(browser, live_server, demo, username, path):
    page = log_in(browser, live_server, username, **PHONE)
    page.goto(live_server.url + path)
    targets = page.evaluate(
        """() => [...document.querySelectorAll('.topbar a, .topbar button')].map(e => {
             const r = e.getBoundingClientRect();
             return {text: e.textContent.trim(), width: r.width, height: r.height};
           })"""
    )
    assert len(targets) >= 5
    small = [t for t in targets if t["width"] < 44 or t["height"] < 44]
    assert small == [], small
