"""API test helpers: bearer-token clients for the standing cast."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import make_user
from tousu.accounts.models import ApiToken, Role, User


class ApiClient:
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, token: str | None = None, language: str | None = None):
        self.client = Client(enforce_csrf_checks=True)
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def _h(self, extra: dict | None) -> dict:
        return {**self.headers, **(extra or {})}

    def get(self, path: str, headers: dict | None = None, **params):
        return self.client.get(path, params, headers=self._h(headers))

    def post(self, path: str, data=None, headers: dict | None = None):
        return self.client.post(
            path,
            data if data is not None else {},
            content_type="application/json",
            headers=self._h(headers),
        )

    def post_raw(
        self, path: str, body: bytes | str, content_type: str = "application/json", headers=None
    ):
        return self.client.generic(
            "POST", path, body, content_type=content_type, headers=self._h(headers)
        )

    def upload(self, path: str, data: dict, headers: dict | None = None):
        return self.client.post(path, data, headers=self._h(headers))

    def delete(self, path: str, headers: dict | None = None):
        return self.client.delete(path, headers=self._h(headers))


def token_for(user: User, days: int = 1) -> str:
    _token, raw = ApiToken.issue(user, timezone.now() + timedelta(days=days))
    return raw


@pytest.fixture
def api_as():
    """``api_as(user)`` → a client authenticated as ``user``; ``api_as(None)`` → anonymous."""

    def make(user: User | None, language: str | None = None) -> ApiClient:
        return ApiClient(token_for(user) if user else None, language)

    return make


@pytest.fixture
def admin_user(db):
    return make_user("importer", Role.ADMIN)
