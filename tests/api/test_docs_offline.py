"""The interactive API docs (/api/docs) work without the internet: Swagger UI comes from Tousu."""

from __future__ import annotations

import re

from django.test import Client


def test_docs_page_references_no_other_host_and_its_assets_are_served(db, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the assets as collectstatic would gather them
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
    assert client.get("/api/openapi.json").status_code == 200


def test_the_bundle_itself_fetches_nothing_from_a_cdn(db, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    init = b"".join(client.get("/static/ninja/swagger-ui-init.js").streaming_content)
    assert b"cdn" not in init.lower() and b"http" not in init.lower()
