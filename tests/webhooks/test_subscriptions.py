"""Subscribing through the API: who may subscribe to what, the URL rules, the secret shown
once, the limit, deleting, turning on and off, rotating the secret."""

from __future__ import annotations

import pytest

from tests.api.conftest import admin_user, api_as  # noqa: F401 - fixtures
from tousu.webhooks import keys
from tousu.webhooks.models import Subscription

HOOK = "https://hooks.example.com/tousu"
TYPES = ["complaint.filed", "complaint.message_added"]


@pytest.fixture(autouse=True)
def _public_receiver(dns):
    dns["hooks.example.com"] = ["93.184.215.14"]


def create(client, **body):
    return client.post("/api/v1/webhooks", {"url": HOOK, "event_types": TYPES, **body})


def test_merchant_staff_subscribe_to_their_shop_and_see_the_secret_once(
    api_as, merchant_staff, shop
):
    client = api_as(merchant_staff)
    response = create(client)  # one shop: it need not be named
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["shop"] == shop.external_id and body["event_types"] == TYPES
    assert body["active"] is True and body["secret"].startswith("whsec_")
    stored = Subscription.objects.get(pk=body["id"])
    assert body["secret"] not in stored.secret_sealed  # kept encrypted
    assert keys.unseal(stored.secret_sealed) == body["secret"]
    listed = client.get("/api/v1/webhooks").json()
    assert [s["id"] for s in listed] == [body["id"]] and "secret" not in listed[0]
    assert "secret" not in client.get(f"/api/v1/webhooks/{body['id']}").json()


def test_a_merchant_cannot_subscribe_to_another_shop(api_as, merchant_staff, other_shop):
    for shop in (other_shop.external_id, "NO-SUCH-SHOP"):  # the same answer either way
        response = create(api_as(merchant_staff), shop=shop)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not Subscription.objects.exists()


def test_staff_of_several_shops_must_name_one(api_as, merchant_staff, other_shop):
    other_shop.staff.add(merchant_staff)
    response = create(api_as(merchant_staff))
    assert response.status_code == 422 and "shop" in response.json()["fields"]
    assert create(api_as(merchant_staff), shop=other_shop.external_id).status_code == 201


def test_platform_staff_subscribe_to_all_or_one_shop(api_as, agent, shop):
    everything = create(api_as(agent)).json()
    assert everything["shop"] is None
    one = create(api_as(agent), shop=shop.external_id).json()
    assert one["shop"] == shop.external_id
    unknown = create(api_as(agent), shop="NO-SUCH-SHOP")
    assert unknown.status_code == 422 and "shop" in unknown.json()["fields"]


def test_consumers_may_not_use_webhooks_or_the_feed(api_as, consumer):
    client = api_as(consumer)
    for response in (
        create(client),
        client.get("/api/v1/webhooks"),
        client.get("/api/v1/changes"),
    ):
        assert response.status_code == 403 and response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://hooks.example.com/tousu", "https://"),
        ("https://127.0.0.1/hook", "private, loopback or link-local"),
        ("https://169.254.169.254/latest/meta-data", "private, loopback or link-local"),
        ("https://nowhere.invalid/", "cannot be resolved"),
    ],
)
def test_urls_are_checked(api_as, agent, url, words):
    response = create(api_as(agent), url=url)
    assert response.status_code == 422
    assert words in response.json()["fields"]["url"]


def test_the_setting_allows_a_loopback_receiver(api_as, agent, settings):
    settings.TOUSU_WEBHOOK_ALLOW_PRIVATE = True
    assert create(api_as(agent), url="http://127.0.0.1:9/hook").status_code == 201


def test_event_types_must_be_known_and_not_empty(api_as, agent):
    assert create(api_as(agent), event_types=[]).status_code == 422
    bad = create(api_as(agent), event_types=["complaint.deleted"])
    assert bad.status_code == 422 and "event_types.0" in bad.json()["fields"]


def test_at_most_the_configured_number_per_owner(api_as, agent, settings):
    settings.TOUSU_WEBHOOK_MAX_PER_OWNER = 2
    assert [create(api_as(agent)).status_code for _ in range(3)] == [201, 201, 409]


def test_only_the_owner_sees_changes_or_deletes_a_subscription(
    api_as, agent, supervisor, merchant_staff
):
    made = create(api_as(agent)).json()
    for other in (supervisor, merchant_staff):
        client = api_as(other)
        assert client.get(f"/api/v1/webhooks/{made['id']}").status_code == 404
        assert client.delete(f"/api/v1/webhooks/{made['id']}").status_code == 404
        assert client.get(f"/api/v1/webhooks/{made['id']}/deliveries").status_code == 404
        assert client.post(f"/api/v1/webhooks/{made['id']}/secret").status_code == 404
        assert client.get("/api/v1/webhooks").json() == []
    assert api_as(agent).delete(f"/api/v1/webhooks/{made['id']}").status_code == 204
    assert not Subscription.objects.exists()


def test_rotating_the_secret_shows_the_new_one_once(api_as, agent):
    client = api_as(agent)
    made = create(client).json()
    rotated = client.post(f"/api/v1/webhooks/{made['id']}/secret").json()["secret"]
    assert rotated != made["secret"] and rotated.startswith("whsec_")
    assert keys.unseal(Subscription.objects.get().secret_sealed) == rotated


def test_turning_off_and_on_checks_the_url_again(api_as, agent, dns):
    client = api_as(agent)
    made = create(client).json()
    off = client.post(f"/api/v1/webhooks/{made['id']}/disable").json()
    assert off["active"] is False and off["disabled_at"]
    dns["hooks.example.com"] = ["10.0.0.7"]  # the name now leads inside
    refused = client.post(f"/api/v1/webhooks/{made['id']}/enable")
    assert refused.status_code == 422 and "url" in refused.json()["fields"]
    dns["hooks.example.com"] = ["93.184.215.14"]
    on = client.post(f"/api/v1/webhooks/{made['id']}/enable").json()
    assert on["active"] is True and on["disabled_at"] is None


def test_secrets_sealed_under_an_old_key_open_only_with_it_as_a_fallback(settings):
    sealed, old = keys.seal("whsec_test"), settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-" + "x" * 50
    with pytest.raises(keys.SecretUnreadable):
        keys.unseal(sealed)
    settings.SECRET_KEY_FALLBACKS = [old]
    assert keys.unseal(sealed) == "whsec_test"
