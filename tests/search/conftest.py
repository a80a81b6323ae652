"""Helpers for the search tests: complaints filed through the action, so they are indexed."""

from __future__ import annotations

import pytest

from tests.conftest import draft
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.search import engine, query


def file(consumer, description: str, order_number: str = "") -> Complaint:
    """File a complaint with this description (an order's when ``order_number`` is given)."""
    if order_number:
        values = draft(order_number, description=description)
    else:
        values = draft(
            "", kind="complaint", demand="apology", amount_fen=None, description=description
        )
    filed, _ = filing.file_complaint(consumer, values, channel=Channel.WEB)
    return filed


def found(user, text: str, **kwargs) -> list[str]:
    """Numbers of the complaints ``user`` finds with ``text``, best first."""
    results = engine.search(user, query.parse(text), Complaint.objects.all(), **kwargs)
    return [hit.complaint.number for hit in results.hits]


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client
