"""Helpers for the desk tests: a logged-in agent and a quickly seeded queue."""

from __future__ import annotations

import itertools

import pytest

from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.complaints.models import Complaint
from tousu.merchants.models import Merchant

_numbers = itertools.count(1)


def seed(consumer, count: int, **fields) -> list[Complaint]:
    """Bulk-insert queue rows (test data only; the app writes through actions).

    A callable value is called with the row's index, for varied rows.
    """
    rows = []
    for i in range(count):
        values = {
            "channel": "web",
            "kind": "complaint",
            "category": "quality",
            "demand": "apology",
            "description": "x",
            "priority": 2,
            "status": "acknowledged",
        }
        values.update({k: (v(i) if callable(v) else v) for k, v in fields.items()})
        rows.append(Complaint(number=f"TSQ{next(_numbers):09d}", consumer=consumer, **values))
    return Complaint.objects.bulk_create(rows)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def agent2(db):
    return make_user("agent2", Role.AGENT)


@pytest.fixture
def shop2(db):
    return Merchant.objects.create(
        shop_name="二号店",
        legal_name="二号公司",
        registered_address="北京",
        city="北京",
        external_id="M-TWO",
    )
