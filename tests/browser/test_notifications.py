"""The bell and the inbox in a real browser, on a phone and on a desktop: the unread count
in the top bar, the inbox newest first, a notice opened (read, and on to its complaint),
all marked read."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import log_in, needs_chromium
from tousu.accounts.models import User
from tousu.notify.delivery import deliver_due
from tousu.notify.inbox import unread_count

pytestmark = [pytest.mark.browser, needs_chromium]


def bell_count(page) -> int:
    return int(page.locator("a.bell").get_attribute("data-unread"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_bell_inbox_open_and_mark_all_read(browser, live_server, tmp_path, size):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    while deliver_due(limit=1000):  # what `make run`'s worker does
        pass
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))
    width, height = size
    consumer = User.objects.get(username="consumer1")
    unread = unread_count(consumer)
    assert unread > 0, "the demo gives consumer1 unread notices"
    page = log_in(browser, live_server, "consumer1", viewport={"width": width, "height": height})
    bell = page.locator("a.bell")
    assert bell.is_visible()
    assert bell_count(page) == unread
    shown = "99+" if unread > 99 else str(unread)
    assert bell.locator(".count").inner_text() == shown
    page.screenshot(path=str(shots / f"bell-{width}x{height}.png"))

    bell.click()
    page.wait_for_url("**/inbox/")
    notices = page.locator(".inbox .notice")
    assert notices.count() > 0
    times = [t.get_attribute("datetime") for t in notices.locator("time").all()]
    assert times == sorted(times, reverse=True)  # newest first
    page.screenshot(path=str(shots / f"inbox-{width}x{height}.png"), full_page=False)

    first_unread = page.locator(".inbox .notice.unread a").first
    number = first_unread.locator(".mono").inner_text()
    first_unread.click()
    page.wait_for_url(f"**/complaints/{number}/")
    assert bell_count(page) == unread - 1

    page.goto(f"{live_server.url}/inbox/")
    page.click(
        "text=Mark all read" if page.locator("html[lang=en]").count() else "text=全部标为已读"
    )
    page.wait_for_load_state()
    assert bell_count(page) == 0 and page.locator("a.bell .count").count() == 0
    assert page.locator(".inbox .notice.unread").count() == 0
    assert unread_count(consumer) == 0
