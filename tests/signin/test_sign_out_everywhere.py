"""A user ends every web session and every API token at once."""

import pytest
from django.test import Client

from tests.api.conftest import ApiClient
from tests.signin.test_tokens import signed_in

pytestmark = pytest.mark.django_db


def browser(username: str, password: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    return client


def is_signed_in(client: Client) -> bool:
    return client.get("/").status_code == 302 and "/login/" not in client.get("/")["Location"]


def test_the_web_page_signs_out_every_browser_and_app(consumer, outsider):
    laptop, phone = browser("alice", "pw-alice"), browser("alice", "pw-alice")
    app = signed_in("alice", "pw-alice")
    someone_else = browser("mallory", "pw-mallory")
    assert is_signed_in(laptop) and is_signed_in(phone)
    page = laptop.get("/logout/everywhere/")
    assert page.status_code == 200 and "alice" in page.content.decode()
    done = laptop.post("/logout/everywhere/", follow=True)
    assert "You are signed out on every device and in every app." in done.content.decode()
    assert not is_signed_in(laptop) and not is_signed_in(phone)
    assert app.get("/api/v1/auth/me").status_code == 401
    assert is_signed_in(someone_else)
    assert is_signed_in(browser("alice", "pw-alice"))  # the same password signs in again


def test_the_api_signs_out_everywhere(consumer):
    laptop = browser("alice", "pw-alice")
    first, second = signed_in("alice", "pw-alice"), signed_in("alice", "pw-alice")
    assert first.delete("/api/v1/auth/tokens").status_code == 204
    assert second.get("/api/v1/auth/me").status_code == 401
    assert not is_signed_in(laptop)


def test_anonymous_callers_are_sent_away(client):
    assert client.post("/logout/everywhere/")["Location"].startswith("/login/")
    assert ApiClient().delete("/api/v1/auth/tokens").status_code == 401


def test_a_new_password_ends_web_sessions_too(consumer):
    laptop = browser("alice", "pw-alice")
    consumer.set_password("another-long-passphrase-7")
    consumer.save()
    assert not is_signed_in(laptop)
