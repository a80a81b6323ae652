"""Property-based check of the whole API against its own OpenAPI document (schemathesis).

Every operation in ``/api/openapi.json`` is called in-process through the WSGI app with
generated valid and invalid requests, as a consumer and as an agent, a bounded number
of examples each (``EXAMPLES``), so the suite stays fast. Any server error, or a
response whose status, content type, headers or body the document does not declare,
fails the test.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from tests.api.conftest import token_for
from tests.conftest import make_order

# Per operation, mode and role; raise it for a deeper run: TOUSU_SCHEMATHESIS_EXAMPLES=200 pytest tests/api/test_schemathesis.py
EXAMPLES = int(os.environ.get("TOUSU_SCHEMATHESIS_EXAMPLES", "8"))
DERANDOMIZE = (
    "TOUSU_SCHEMATHESIS_EXAMPLES" not in os.environ
)  # the suite is repeatable; deep runs explore


@pytest.fixture
def wsgi_app(db):
    """The WSGI app, called directly: like Django's test client, keep the test's database
    connection open across requests (request_finished would close it, ending the test's
    transaction on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


@pytest.fixture
def cast(consumer, agent, shop, complaint):
    """A consumer with an order and a complaint, and an agent, so some generated calls find data."""
    make_order(consumer, shop, "202611200002")
    return {"consumer": token_for(consumer), "agent": token_for(agent)}


def run_operation(operation, mode: GenerationMode, token: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

    check()


@pytest.mark.parametrize("role", ["consumer", "agent"])
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_every_operation_keeps_its_document(schema, cast, role, mode):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []
    for operation in operations:
        try:
            run_operation(operation, mode, cast[role])
        except Exception as error:  # collect all, report together
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
