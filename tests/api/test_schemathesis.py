"""Property-based check of the whole API against its own OpenAPI document (schemathesis).

Every operation in ``/api/openapi.json`` is called in-process through the WSGI app with
generated valid and invalid requests, as a consumer and as an agent, a bounded number
of examples each (``EXAMPLES``), so the suite stays fast. Any server error, or a
response whose status, content type, headers or body the document does not declare,
fails the test.

Every call carries a live token. The operations that end tokens (``DELETE
/api/v1/auth/token``, ``DELETE /api/v1/auth/tokens``: sign out everywhere) would end the
shared one and leave the operations after them tested as 401s only, so each of their calls
gets a fresh token of a second user of the same role; the shared token must still work
at the end, and in the valid run no call with it is answered 401.
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
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.api.conftest import ApiClient, token_for
from tests.conftest import make_order, make_user

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


# Operations that end the token they are called with (or every token of its user).
REVOKING = {("DELETE", "/api/v1/auth/token"), ("DELETE", "/api/v1/auth/tokens")}
# A request the document calls valid may still break a business rule the document can only
# state in words (an after-sales request needs an order; a cursor must be one the API gave):
# it is answered 4xx in the error shape, which the other checks verify. And an "invalid"
# request may only add a query parameter the API does not know, which it ignores as HTTP
# APIs do (an OpenAPI document cannot say so): answered normally, and checked as such.
NOT_IN_A_DOCUMENT = [positive_data_acceptance, negative_data_rejection]
SIGN_IN = ("POST", "/api/v1/auth/token")  # a wrong password is 401 whatever the token


@pytest.fixture
def cast(consumer, agent, shop, complaint):
    """A consumer with an order and a complaint, and an agent, so some generated calls find
    data; for the revoking operations a second user of each role, a fresh token per call."""
    make_order(consumer, shop, "202611200002")
    spare = {
        "consumer": make_user("alice-spare", consumer.role),
        "agent": make_user("agent-spare", agent.role),
    }
    return {
        "consumer": token_for(consumer),
        "agent": token_for(agent),
        "fresh": {role: (lambda user=user: token_for(user)) for role, user in spare.items()},
    }


def run_operation(operation, mode: GenerationMode, token, statuses: list[int]) -> None:
    """``token``: the shared token, or a callable giving a fresh one for each call."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        live = token() if callable(token) else token
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {live}"}, excluded_checks=NOT_IN_A_DOCUMENT
        )
        statuses.append(response.status_code)

    check()


@pytest.mark.parametrize("role", ["consumer", "agent"])
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_every_operation_keeps_its_document(schema, cast, role, mode):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures, unauthenticated = [], []
    for operation in operations:
        name = (operation.method.upper(), operation.path)
        revoking = name in REVOKING
        statuses: list[int] = []
        token = cast["fresh"][role] if revoking else cast[role]
        try:
            run_operation(operation, mode, token, statuses)
        except Exception as error:  # collect all, report together
            failures.append(f"{name[0]} {name[1]}: {error}")
        if 401 in statuses and mode == GenerationMode.POSITIVE and name != SIGN_IN:
            unauthenticated.append(f"{name[0]} {name[1]}")
    assert not failures, "\n\n".join(failures)
    # A valid request with a live token is never refused as unauthenticated …
    assert not unauthenticated, unauthenticated
    # … and the shared token outlived the run.
    assert ApiClient(cast[role]).get("/api/v1/auth/me").status_code == 200
