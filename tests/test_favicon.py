"""Every page names the site's icon, and /favicon.ico leads to it (no 404 in the logs)."""

from django.contrib.staticfiles import finders


def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client, db):
    page = client.get("/login/")
    assert b'rel="icon"' in page.content and b"tousu/favicon.svg" in page.content
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"].endswith("tousu/favicon.svg")
    assert finders.find("tousu/favicon.svg")
