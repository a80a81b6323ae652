"""The agent searches from the queue page in a real browser and reads marked excerpts."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True)
def test_agent_searches_and_sees_ranked_results_with_marked_words(browser, live_server, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))
    agent = log_in(browser, live_server, "agent1", viewport={"width": 1440, "height": 900})
    agent.fill("input[name=q]", "退款")
    agent.select_option("select[name=status]", "any")
    agent.click("form.desk-filters button[type=submit]")
    agent.wait_for_load_state()
    hits = agent.locator(".search-results .hit")
    assert hits.count() >= 2
    assert agent.locator(".search-results mark", has_text="退款").first.is_visible()
    assert agent.input_value("input[name=q]") == "退款"
    agent.screenshot(path=str(shots / "search-results.png"), full_page=True)
    # A result opens the workbench.
    number = hits.first.locator("a.num").inner_text()
    hits.first.locator("a.num").click()
    agent.wait_for_url(f"**/desk/c/{number}/")
