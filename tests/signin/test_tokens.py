"""API tokens end when the password changes or the account is deactivated; validators are on."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def signed_in(username: str, password: str) -> ApiClient:
    token = (
        ApiClient()
        .post("/api/v1/auth/token", {"username": username, "password": password})
        .json()["token"]
    )
    api = ApiClient(token)
    assert api.get("/api/v1/auth/me").status_code == 200
    return api


def test_a_new_password_revokes_every_token(consumer, outsider):
    phone, tablet, other = (
        signed_in("alice", "pw-alice"),
        signed_in("alice", "pw-alice"),
        signed_in("mallory", "pw-mallory"),
    )
    consumer.set_password("a-brand-new-passphrase-42")
    consumer.save()
    assert phone.get("/api/v1/auth/me").status_code == 401
    assert tablet.get("/api/v1/auth/me").status_code == 401
    assert other.get("/api/v1/auth/me").status_code == 200  # someone else's tokens live on
    assert signed_in("alice", "a-brand-new-passphrase-42")


def test_other_saves_keep_the_token(consumer):
    api = signed_in("alice", "pw-alice")
    consumer.display_name = "Alice W."
    consumer.save()
    assert api.get("/api/v1/auth/me").status_code == 200


def test_deactivation_revokes_every_token(consumer):
    api = signed_in("alice", "pw-alice")
    consumer.is_active = False
    consumer.save(update_fields=["is_active"])
    assert api.get("/api/v1/auth/me").status_code == 401
    assert not consumer.api_tokens.exists()


@pytest.mark.parametrize("password", ["short1", "12345678901234", "password1234", "qwertyuiop"])
def test_weak_passwords_are_refused(consumer, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=consumer)


def test_a_long_uncommon_password_passes(consumer):
    validate_password("tea-kettle-orbit-57", user=consumer)
