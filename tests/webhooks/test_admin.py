"""Subscriptions and deliveries in /admin/: added through the actions (the secret shown once,
the same rules as the API), redelivered and turned on again by admin actions."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.webhooks.conftest import deliver_all, message, subscribe
from tousu.webhooks import keys
from tousu.webhooks.models import Delivery, DeliveryState, EventType, Subscription


@pytest.fixture
def admin_client_(client, django_user_model):
    root = django_user_model.objects.create_superuser(
        "root", "root@example.com", "pw-root", role="admin"
    )
    client.force_login(root)
    return client


def add(admin_client_, owner, url, shop=""):
    return admin_client_.post(
        reverse("admin:webhooks_subscription_add"),
        {
            "owner": owner.pk,
            "url": url,
            "description": "ERP",
            "event_types": [EventType.COMPLAINT_FILED, EventType.MESSAGE_ADDED],
            "shop": shop,
        },
        follow=True,
    )


def test_pages_render(admin_client_, receiver, complaint, agent):
    subscription, _ = subscribe(agent, receiver.url)
    message(complaint, complaint.consumer)
    deliver_all()
    for name, args in [
        ("webhooks_subscription_changelist", []),
        ("webhooks_subscription_add", []),
        ("webhooks_subscription_change", [subscription.pk]),
        ("webhooks_delivery_changelist", []),
        ("webhooks_delivery_change", [Delivery.objects.first().pk]),
    ]:
        assert admin_client_.get(reverse(f"admin:{name}", args=args)).status_code == 200


def test_adding_shows_the_secret_once(admin_client_, loopback_allowed, merchant_staff, shop):
    response = add(admin_client_, merchant_staff, "http://127.0.0.1:9/hook")
    subscription = Subscription.objects.get()
    assert subscription.merchant == shop  # their one shop
    secret = keys.unseal(subscription.secret_sealed)
    assert any(secret in str(m) for m in get_messages(response.wsgi_request))
    page = admin_client_.get(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    assert (
        secret not in page.content.decode()
        and subscription.secret_sealed not in page.content.decode()
    )


def test_the_same_rules_as_the_api(admin_client_, merchant_staff, other_shop, consumer):
    response = add(admin_client_, merchant_staff, "https://127.0.0.1/hook")
    assert "private, loopback or link-local" in response.content.decode()
    response = add(
        admin_client_, merchant_staff, "https://1.1.1.1/hook", shop=other_shop.external_id
    )
    assert "only subscribe to the complaints of your own shops" in response.content.decode()
    response = add(admin_client_, consumer, "https://1.1.1.1/hook")
    assert "Only merchant staff and platform staff" in response.content.decode()
    assert not Subscription.objects.exists()


def test_redeliver_and_turn_on_actions(admin_client_, receiver, complaint, agent):
    subscription, _ = subscribe(agent, receiver.url, EventType.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    deliver_all()
    row = Delivery.objects.get()
    admin_client_.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "redeliver", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.state == DeliveryState.PENDING
    deliver_all()
    assert len(receiver.requests) == 2
    subscription.active = False
    subscription.save()
    admin_client_.post(
        reverse("admin:webhooks_subscription_changelist"),
        {"action": "turn_on", "_selected_action": [subscription.pk]},
    )
    subscription.refresh_from_db()
    assert subscription.active is True
