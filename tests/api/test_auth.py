"""POST/DELETE /api/v1/auth/token, GET /api/v1/auth/me, and bearer-token handling."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tests.api.conftest import ApiClient
from tousu.accounts.models import ApiToken


def test_token_for_right_password(consumer):
    response = ApiClient().post("/api/v1/auth/token", {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 200
    body = response.json()
    assert body["token"] and body["token_type"] == "Bearer"
    assert body["expires_at"].endswith("+08:00")
    # Only the hash is stored.
    assert not ApiToken.objects.filter(key_hash=body["token"]).exists()
    me = ApiClient(body["token"]).get("/api/v1/auth/me")
    assert (
        me.status_code == 200
        and me.json()["username"] == "alice"
        and me.json()["role"] == "consumer"
    )


@override_settings(TOUSU_API_TOKEN_DAYS=7)
def test_token_expiry_follows_setting(consumer):
    body = (
        ApiClient().post("/api/v1/auth/token", {"username": "alice", "password": "pw-alice"}).json()
    )
    expires = parse_datetime(body["expires_at"])
    assert timedelta(days=6, hours=23) < expires - timezone.now() <= timedelta(days=7)


def test_wrong_password_is_401_json(consumer):
    response = ApiClient(language="en").post(
        "/api/v1/auth/token", {"username": "alice", "password": "nope"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "The username or password is wrong.",
    }


def test_inactive_user_gets_no_token(consumer):
    consumer.is_active = False
    consumer.save()
    response = ApiClient().post("/api/v1/auth/token", {"username": "alice", "password": "pw-alice"})
    assert response.status_code == 401


def test_missing_credentials_is_422(db):
    response = ApiClient(language="en").post("/api/v1/auth/token", {"username": "alice"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["fields"] == {"password": "This field is required."}


def test_no_token_is_401(db):
    response = ApiClient(language="en").get("/api/v1/complaints")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_garbage_token_is_401(db):
    assert ApiClient("not-a-token").get("/api/v1/complaints").status_code == 401


def test_expired_token_is_401(consumer):
    _token, raw = ApiToken.issue(consumer, timezone.now() - timedelta(seconds=1))
    response = ApiClient(raw).get("/api/v1/complaints")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_token_of_deactivated_user_is_401(consumer, api_as):
    client = api_as(consumer)
    consumer.is_active = False
    consumer.save()
    assert client.get("/api/v1/complaints").status_code == 401


def test_revoked_token_stops_working(consumer, api_as):
    client = api_as(consumer)
    assert client.delete("/api/v1/auth/token").status_code == 204
    assert client.get("/api/v1/complaints").status_code == 401


def test_csrf_does_not_block_bearer_posts(consumer, order, api_as):
    # ApiClient enforces CSRF checks like a browser would; no cookie, no CSRF token.
    response = api_as(consumer).post(
        "/api/v1/complaints",
        {
            "kind": "complaint",
            "category": "service",
            "demand": "apology",
            "description": "客服态度差。",
        },
    )
    assert response.status_code == 201


def test_messages_default_to_chinese_and_switch_to_english(db, chinese_default):
    chinese = ApiClient().get("/api/v1/complaints")
    english = ApiClient(language="en").get("/api/v1/complaints")
    assert chinese["Content-Language"] == "zh-hans"
    assert english["Content-Language"] == "en"
    assert english.json()["message"] == "Please sign in: send a valid bearer token."
