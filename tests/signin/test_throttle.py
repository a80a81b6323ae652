"""Web login, admin login and the API token are throttled per account and per address (django-axes)."""

import pytest
from django.test import Client

from tests.api.conftest import ApiClient
from tests.conftest import make_user
from tousu.accounts.models import Role

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = settings.TOUSU_LOGIN_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = 0.25  # hours
    settings.TOUSU_LOGIN_COOLOFF_MINUTES = 15
    return settings


def web_login(username: str, password: str, address: str = "10.0.0.1", path: str = "/login/"):
    return Client(REMOTE_ADDR=address).post(path, {"username": username, "password": password})


def api_token(username: str, password: str, address: str = "10.0.0.1"):
    api = ApiClient(language="en")
    api.client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    return api.post("/api/v1/auth/token", {"username": username, "password": password})


def assert_locked_page(response):
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert (
        "Too many failed sign-ins for this account or from this address. Please try again in 15 minutes."
        in response.content.decode()
    )


def test_web_login_per_account_even_from_new_addresses(consumer):
    for attempt in range(LIMIT - 1):
        assert web_login("alice", "wrong", address=f"10.0.1.{attempt}").status_code == 200
    assert_locked_page(
        web_login("alice", "wrong", address="10.0.2.1")
    )  # the LIMIT-th failure locks
    # The right password is refused too while the account cools off.
    assert_locked_page(web_login("alice", "pw-alice", address="10.0.2.2"))


def test_web_login_per_address_across_accounts(consumer, agent):
    for name in ["x1", "x2"]:
        assert web_login(name, "guess", address="10.9.9.9").status_code == 200
    assert_locked_page(web_login("x3", "guess", address="10.9.9.9"))
    assert_locked_page(web_login("alice", "pw-alice", address="10.9.9.9"))
    # Another address still signs alice in.
    assert web_login("alice", "pw-alice", address="10.9.9.8").status_code == 302


def test_a_success_clears_the_count(consumer):
    for _ in range(LIMIT - 1):
        web_login("alice", "wrong")
    assert web_login("alice", "pw-alice").status_code == 302
    for _ in range(LIMIT - 1):
        assert web_login("alice", "wrong").status_code == 200


def test_admin_login_is_throttled(db):
    make_user("root", Role.ADMIN, is_staff=True, is_superuser=True)
    for _ in range(LIMIT - 1):
        assert web_login("root", "wrong", path="/admin/login/").status_code == 200
    assert_locked_page(web_login("root", "wrong", path="/admin/login/"))


def test_api_token_is_throttled_with_the_api_error_shape(consumer):
    for _ in range(LIMIT - 1):
        assert api_token("alice", "wrong").status_code == 401
    assert api_token("alice", "wrong").status_code == 429
    response = api_token("alice", "pw-alice", address="10.0.0.2")
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert response.json() == {
        "code": "too_many_attempts",
        "message": "Too many failed sign-ins for this account or from this address. Please try again in 15 minutes.",
        "fields": {"retry_after": "900"},
    }


def test_api_and_web_share_one_count(consumer):
    api_token("alice", "wrong")
    web_login("alice", "wrong")
    api_token("alice", "wrong")
    assert_locked_page(web_login("alice", "pw-alice", address="10.0.0.7"))


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(consumer, settings):
    settings.TOUSU_PROXY_COUNT = 1
    for attempt in range(
        LIMIT
    ):  # a client that forges X-Forwarded-For still gets counted by its real address
        Client(REMOTE_ADDR="127.0.0.1").post(
            "/login/",
            {"username": f"x{attempt}", "password": "g"},
            HTTP_X_FORWARDED_FOR=f"1.1.1.{attempt}, 203.0.113.5",
        )
    locked = Client(REMOTE_ADDR="127.0.0.1").post(
        "/login/", {"username": "alice", "password": "pw-alice"}, HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert locked.status_code == 429
    other = Client(REMOTE_ADDR="127.0.0.1").post(
        "/login/",
        {"username": "alice", "password": "pw-alice"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 302
