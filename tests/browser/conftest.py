"""Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright."""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium package (apt-get install chromium)"
)
# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # While Playwright's loop runs, Django keeps this test's connection in a
        # context variable that pytest-django's teardown does not see: close it here.
        connections.close_all()


def log_in(browser, live_server, username: str, **context):
    page = browser.new_context(**context).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "tousu-demo")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    return page
