"""Writes to shops' API keys: create, revoke, and record each call made with one.

Who may manage a shop's keys is asked of ``tousu.complaints.access.may_manage_keys`` by the
merchant center before calling these.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.merchants.models import (
    KEY_PREFIX,
    KEY_SHOWN,
    Merchant,
    ShopApiKey,
    ShopApiKeyUse,
    hash_key,
)

NAME_MAX = 60
PATH_MAX = 300


class KeyRefused(Exception):
    """A key cannot be created or revoked as asked; ``errors`` by form field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def create_key(shop: Merchant, staff, name: str) -> tuple[ShopApiKey, str]:
    """A new key for ``shop`` made by ``staff``; returns it with the raw key, shown only now."""
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX:
        raise KeyRefused(
            {
                "name": _("Name the key (up to %(n)s characters), e.g. the system that uses it.")
                % {"n": NAME_MAX}
            }
        )
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ShopApiKey.objects.create(
        merchant=shop, name=name, prefix=raw[:KEY_SHOWN], key_hash=hash_key(raw), created_by=staff
    )
    return key, raw


@transaction.atomic
def revoke_key(key: ShopApiKey, staff) -> ShopApiKey:
    """The key stops working at once; it stays listed with its calls."""
    updated = ShopApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=staff
    )
    if not updated:
        raise KeyRefused({"key": _("This key is already revoked.")})
    key.refresh_from_db()
    return key


def record_use(key: ShopApiKey, method: str, path: str, status: int) -> None:
    """Log one call made with ``key`` and when it was last used."""
    now = timezone.now()
    ShopApiKeyUse.objects.create(key=key, method=method[:8], path=path[:PATH_MAX], status=status)
    ShopApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
