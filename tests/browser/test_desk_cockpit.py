"""The desk in a real browser: keyboard shortcuts, the bulk bar, a macro in the reply box,
and no Content-Security-Policy violation on the way."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in, needs_chromium
from tousu.accounts.models import User
from tousu.complaints.models import Complaint
from tousu.macros import actions as macros

pytestmark = [pytest.mark.browser, needs_chromium]


def watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


@pytest.mark.django_db(transaction=True)
def test_shortcuts_bulk_bar_and_macro(browser, live_server, tmp_path):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    supervisor = User.objects.get(username="supervisor1")
    macros.save_macro(
        supervisor, name="问候", body="{consumer_name}您好，投诉 {complaint_number} 已收到。"
    )
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))
    page = log_in(browser, live_server, "agent1", viewport={"width": 1280, "height": 800})
    violations = watch_csp(page)
    page.goto(f"{live_server.url}/desk/")
    rows = page.locator("tr[data-row]")
    assert rows.count() >= 3

    # ? opens the help overlay, Escape closes it.
    page.keyboard.press("?")
    assert page.locator("#shortcuts-help").is_visible()
    page.screenshot(path=str(shots / "desk-shortcuts-1280.png"))
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts-help").is_visible()

    # j / k move the chosen row; x ticks it; the bar counts the ticks.
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert "current" in (rows.nth(1).get_attribute("class") or "")
    page.keyboard.press("k")
    assert "current" in (rows.nth(0).get_attribute("class") or "")
    page.keyboard.press("x")
    rows.nth(2).locator("input[name=c]").check()
    assert re.search(r"2", page.locator("[data-bulk-count]").inner_text())
    # / goes to the search box (and typing there is not a shortcut).
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.press("j")
    page.keyboard.press("Escape")

    ticked = [rows.nth(i).locator("input[name=c]").get_attribute("value") for i in (0, 2)]
    page.select_option("[data-bulk-action]", "priority")
    assert page.locator("#bulk select[name=priority]").is_visible()
    assert not page.locator("#bulk select[name=assignee]").is_visible()
    page.select_option("#bulk select[name=priority]", "4")
    page.screenshot(path=str(shots / "desk-queue-bulk-1280.png"))
    page.click("#bulk button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-bulk-summary]").is_visible()
    page.screenshot(path=str(shots / "desk-bulk-summary-1280.png"))
    assert set(Complaint.objects.filter(number__in=ticked).values_list("priority", flat=True)) == {
        4
    }

    # Enter opens the chosen row; r goes to the reply box; a macro fills it.
    page.goto(f"{live_server.url}/desk/")
    page.keyboard.press("j")
    number = rows.nth(0).locator("input[name=c]").get_attribute("value")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/c/{number}/")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.name") == "body"
    page.keyboard.press("Escape")
    page.select_option("[data-macro-select]", label="问候")
    assert number in page.input_value("#conversation textarea[name=body]")
    page.screenshot(path=str(shots / "desk-workbench-1280.png"), full_page=True)

    # a assigns to me (once out of the reply box, where keys are text).
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert Complaint.objects.get(number=number).assignee.username == "agent1"
    assert violations == []

    phone = log_in(browser, live_server, "agent1", viewport={"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/desk/")
    phone.screenshot(path=str(shots / "desk-queue-390.png"))
    phone.goto(f"{live_server.url}/desk/c/{number}/")
    phone.screenshot(path=str(shots / "desk-workbench-390.png"), full_page=True)
