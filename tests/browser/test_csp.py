"""The Content-Security-Policy breaks nothing: key pages, used the way people use them, in a
real Chromium, with every console message and every `securitypolicyviolation` event collected."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from tests.browser.conftest import needs_chromium
from tests.conftest import png_bytes
from tousu.complaints.models import Complaint

pytestmark = [pytest.mark.browser, needs_chromium]

# Runs before any page script (DevTools' own channel: the page's policy does not apply to it).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watched:
    """A signed-in browser context whose CSP complaints are kept."""

    def __init__(self, browser, live_server, username: str):
        self.url = live_server.url
        self.console: list[str] = []
        self.violations: list[str] = []
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.add_init_script(RECORD_VIOLATIONS)
        self.page = context.new_page()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.goto("/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", "tousu-demo")
        self.page.click("button[type=submit].primary")
        self.page.wait_for_load_state()
        self.collect()

    def goto(self, path: str):
        self.collect()
        response = self.page.goto(self.url + path)
        assert response.status == 200, (path, response.status)
        self.page.wait_for_load_state("networkidle")
        return response

    def collect(self) -> None:
        """Keep the page's violations before it is left (each page starts a new list)."""
        if self.page.url.startswith(self.url):  # a document of the site is open
            self.violations += self.page.evaluate("(window.__csp || []).splice(0)")

    def csp_problems(self) -> list[str]:
        self.collect()
        said = [m for m in self.console if "Content Security Policy" in m or "pageerror" in m]
        return said + self.violations


@pytest.mark.django_db(transaction=True)
def test_key_pages_run_under_the_policy_without_a_violation(
    browser, live_server, settings, tmp_path, no_filing_limits
):
    settings.TOUSU_WECHAT_SIMULATOR = True
    settings.TOUSU_WECHAT_DEMO = True
    call_command("load_demo", stdout=open(os.devnull, "w"))
    picture = tmp_path / "photo.png"
    picture.write_bytes(png_bytes())
    watched = []

    # Consumer: the complaint form, its scripts and the writing coach (htmx, no eval).
    consumer = Watched(browser, live_server, "consumer1")
    watched.append(consumer)
    page = consumer.page
    consumer.goto("/orders/")
    page.click("a.order-body >> nth=0")
    page.click("a[href*='/complain/?kind=complaint']")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=demand]", "return_refund")
    assert page.input_value("input[name=amount]")  # complaint-form.js prefilled the refund
    page.fill("textarea[name=description]", "耳机左耳完全没有声音，重新配对也不行。")
    page.locator("#coach [data-code=no_evidence]").wait_for()
    page.set_input_files("input[name=evidence]", str(picture))
    page.locator("#coach [data-code=no_evidence]").wait_for(state="detached")  # count was sent
    page.click("form.complaint-form button[type=submit]")
    page.wait_for_url("**/complaints/TS*/")
    page.wait_for_load_state("networkidle")
    assert page.locator("img[src*='/evidence/']").first.evaluate("img => img.naturalWidth") > 0
    number = page.url.rstrip("/").rsplit("/", 1)[-1]

    # Agent: the workbench queue, the complaint, revealing the phone number (htmx swap).
    agent = Watched(browser, live_server, "agent1")
    watched.append(agent)
    agent.goto("/desk/")
    agent.goto(f"/desk/c/{number}/")
    agent.page.fill("#consumer-phone input[name=reason]", "回电核实")
    agent.page.click("#consumer-phone button[type=submit]")
    agent.page.locator(".revealed").wait_for()  # swapped in by htmx
    agent.goto("/desk/phone/")

    # The WeChat simulator.
    agent.goto("/channels/wechat/simulator/")
    agent.page.fill("input[name=text]", "帮助")
    agent.page.click("button[name=action][value=text]")
    agent.page.wait_for_load_state("networkidle")
    assert agent.page.locator(".wechat-transcript .from-account").count() >= 1

    # Merchant staff: the merchant center and one complaint.
    shop = Complaint.objects.filter(status="waiting_merchant").select_related("merchant").first()
    merchant = Watched(browser, live_server, shop.merchant.staff.first().username)
    watched.append(merchant)
    merchant.goto("/merchant/center/")
    merchant.goto(f"/merchant/center/c/{shop.number}/")

    # Django's admin.
    admin = Watched(browser, live_server, "admin")
    watched.append(admin)
    admin.goto("/admin/")
    admin.goto("/admin/sla/slapolicy/add/")
    admin.goto("/admin/helpcenter/article/")

    for session in watched:
        assert session.csp_problems() == [], session.csp_problems()

    # The watch itself works: an inline script is refused, and that is seen.
    agent.page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    agent.page.wait_for_function("window.__csp.length > 0")
    assert agent.page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in agent.csp_problems())
