"""Portal helpers: logged-in clients for each standing user."""

from __future__ import annotations

import pytest
from django.test import Client


def client_for(user, language: str = "en") -> Client:
    """A logged-in client. English so assertions match the msgids whatever the catalogue says."""
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def as_consumer(consumer) -> Client:
    return client_for(consumer)


@pytest.fixture
def as_outsider(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def as_merchant(merchant_staff) -> Client:
    return client_for(merchant_staff)


@pytest.fixture
def as_rival(other_merchant_staff) -> Client:
    return client_for(other_merchant_staff)


@pytest.fixture
def as_agent(agent) -> Client:
    return client_for(agent)
