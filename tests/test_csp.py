"""Every HTML page carries the Content-Security-Policy, and no template needs an exception to it.

The browser half (no violation in a real Chromium) is tests/browser/test_csp.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.portal.conftest import client_for
from tousu.accounts.models import Role
from tousu.complaints import actions
from tousu.complaints.choices import Channel

pytestmark = pytest.mark.django_db

# Every template the site serves; summary.html is a file inside the record ZIP, opened from disk.
TEMPLATES = [
    path
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("tousu").rglob("*.html"))
    if "templates" in path.parts and path.name != "record_summary.html"
]
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def assert_strict(response) -> None:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response)
    for name, value in EXPECTED.items():
        assert policy[name] == value, (name, policy.get(name))
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


def test_anonymous_pages(client):
    assert_strict(client.get(reverse("login")))
    assert_strict(client.get(reverse("helpcenter:index")))


def test_portal_pages(consumer, order, complaint):
    client = client_for(consumer)
    assert_strict(client.get(reverse("portal:my_orders")))
    assert_strict(client.get(reverse("portal:file_for_order", args=[order.number])))
    assert_strict(client.get(reverse("portal:complaint", args=[complaint.number])))


def test_desk_pages(agent, complaint):
    client = client_for(agent)
    assert_strict(client.get(reverse("desk:queue")))
    assert_strict(client.get(reverse("desk:detail", args=[complaint.number])))
    assert_strict(client.get(reverse("phone:desk")))


def test_merchant_center_pages(merchant_staff, waiting):
    client = client_for(merchant_staff)
    assert_strict(client.get(reverse("merchant_center:complaints")))
    assert_strict(client.get(reverse("merchant_center:complaint", args=[waiting.number])))


def test_wechat_simulator(agent, settings):
    settings.TOUSU_WECHAT_SIMULATOR = True
    assert_strict(client_for(agent).get("/channels/wechat/simulator/"))


def test_admin_pages(db):
    admin = make_user("root", Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_for(admin)
    assert_strict(client.get("/admin/"))
    assert_strict(client.get("/admin/sla/slapolicy/"))
    assert_strict(client.get("/admin/sla/slapolicy/add/"))
    assert_strict(client.get("/admin/helpcenter/article/add/"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("templates/", 1)[1])
def test_no_template_needs_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), (
        "inline <script>: use a static file"
    )
    assert not re.search(r"\son[a-z]+\s*=", text), "on… handler attribute: listen in a static file"
    assert not re.search(r"\sstyle\s*=", text), "style attribute: use a class in a stylesheet"
    assert "<style" not in text, "inline <style>: use a stylesheet"
    assert "javascript:" not in text and "js:" not in text, "eval'd or javascript: URL"
