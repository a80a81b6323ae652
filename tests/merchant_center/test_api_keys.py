"""The merchant center's API keys page: the shop's staff create a key (shown once, only its
hash kept), list and revoke them and see the recent calls; nobody else may."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.api.conftest import ApiClient
from tests.portal.conftest import client_for
from tousu.merchants import actions as merchants
from tousu.merchants.models import ShopApiKey

KEYS = "/merchant/center/keys/"


def test_create_shows_the_key_once_and_keeps_only_its_hash(shop, merchant_staff):
    page = client_for(merchant_staff)
    created = page.post(KEYS, {"name": "ERP 系统", "shop": shop.pk})
    assert created.status_code == 201
    html = created.content.decode()
    [raw] = re.findall(r"tsk_[A-Za-z0-9_-]{20,}", html)
    key = ShopApiKey.objects.get()
    assert (key.merchant, key.created_by, key.name) == (shop, merchant_staff, "ERP 系统")
    assert key.key_hash != raw and raw not in key.key_hash
    again = page.get(KEYS).content.decode()
    assert raw not in again and key.prefix in again and "ERP 系统" in again
    assert ApiClient(raw).get("/api/v1/complaints").status_code == 200


def test_the_recent_calls_are_listed(shop, merchant_staff):
    key, raw = merchants.create_key(shop, merchant_staff, "ERP")
    ApiClient(raw).get("/api/v1/complaints")
    ApiClient(raw).get("/api/v1/complaints/TS-NONE")
    html = client_for(merchant_staff).get(KEYS).content.decode()
    assert "GET /api/v1/complaints/TS-NONE" in html and "404" in html


def test_revoke_stops_the_key(shop, merchant_staff):
    key, raw = merchants.create_key(shop, merchant_staff, "ERP")
    answer = client_for(merchant_staff).post(reverse("merchant_center:revoke_key", args=[key.pk]))
    assert answer.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == merchant_staff
    assert ApiClient(raw).get("/api/v1/complaints").status_code == 401
    assert "Revoked" in client_for(merchant_staff).get(KEYS).content.decode()


def test_a_colleague_of_the_shop_may_revoke(shop, merchant_staff, other_merchant_staff):
    shop.staff.add(other_merchant_staff)
    key, _raw = merchants.create_key(shop, merchant_staff, "ERP")
    client_for(other_merchant_staff).post(reverse("merchant_center:revoke_key", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_by == other_merchant_staff


def test_another_shops_staff_can_neither_see_nor_revoke(shop, merchant_staff, other_merchant_staff):
    key, raw = merchants.create_key(shop, merchant_staff, "ERP")
    rival = client_for(other_merchant_staff)
    assert key.prefix not in rival.get(KEYS).content.decode()
    assert rival.post(reverse("merchant_center:revoke_key", args=[key.pk])).status_code == 404
    refused = rival.post(KEYS, {"name": "偷", "shop": shop.pk})
    assert refused.status_code == 422
    assert ShopApiKey.objects.count() == 1
    assert ApiClient(raw).get("/api/v1/complaints").status_code == 200


def test_consumers_and_agents_cannot_manage_keys(shop, merchant_staff, consumer, agent):
    key, _raw = merchants.create_key(shop, merchant_staff, "ERP")
    for user in (consumer, agent):
        page = client_for(user)
        assert page.get(KEYS).status_code == 302
        assert page.post(KEYS, {"name": "x", "shop": shop.pk}).status_code == 302
        assert page.post(reverse("merchant_center:revoke_key", args=[key.pk])).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is None and ShopApiKey.objects.count() == 1


def test_a_key_needs_a_name(shop, merchant_staff):
    answer = client_for(merchant_staff).post(KEYS, {"name": "  ", "shop": shop.pk})
    assert answer.status_code == 422 and not ShopApiKey.objects.exists()


def test_a_key_of_a_creator_who_left_shows_as_not_working(
    shop, merchant_staff, other_merchant_staff
):
    shop.staff.add(other_merchant_staff)
    merchants.create_key(shop, merchant_staff, "ERP")
    shop.staff.remove(merchant_staff)
    html = client_for(other_merchant_staff).get(KEYS).content.decode()
    assert "its creator no longer has access" in html
