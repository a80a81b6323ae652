"""Signing secrets: generated, shown once, stored encrypted.

The secret must be readable to sign each delivery, so it cannot be kept as a hash like an
API token. It is stored encrypted (Fernet: AES-128-CBC with an HMAC) under a key derived
from ``SECRET_KEY``; a copy of the database alone does not give the secrets away. The old
key keeps working when it is listed in ``SECRET_KEY_FALLBACKS``; a secret no key can open
fails its deliveries until the owner rotates it (docs/webhooks.md#the-signing-secret).
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "whsec_"
_SALT = "tousu.webhooks.keys"


class SecretUnreadable(Exception):
    """No current or fallback SECRET_KEY opens the stored secret."""


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` and 43 URL-safe characters (256 random bits)."""
    return PREFIX + secrets.token_urlsafe(32)


def _derive(key: str) -> bytes:
    """32 bytes for Fernet, bound to this use of ``key``."""
    return salted_hmac(_SALT, "fernet", secret=key, algorithm="sha256").digest()


def _box() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(key))) for key in keys])


def seal(secret: str) -> str:
    return _box().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return _box().decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable() from None
