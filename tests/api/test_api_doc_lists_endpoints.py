"""docs/api.md lists every operation of the OpenAPI document, and nothing that is not in it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.api.conftest import ApiClient

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
# `GET /api/v1/orders/{number}` in a table cell or a code span; a query string is ignored.
LISTED = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?\s]*)")


def _shape(path: str) -> str:
    """Parameter names may differ between the page and the code: `{id}` vs `{evidence_id}`."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_the_page_lists_every_operation(db):
    document = ApiClient().get("/api/openapi.json").json()
    operations = {
        (method.upper(), _shape(path))
        for path, item in document["paths"].items()
        for method in item
    }
    listed = {(method, _shape(path)) for method, path in LISTED.findall(DOC.read_text())}
    assert len(operations) >= 30
    assert not operations - listed, sorted(operations - listed)
    assert not listed - operations, sorted(listed - operations)
