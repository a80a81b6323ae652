"""Shops selling on the marketplace, the people who answer for them, and the shops' API keys."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Merchant(models.Model):
    shop_name = models.CharField(_("shop name"), max_length=100)
    legal_name = models.CharField(_("legal entity name"), max_length=200)
    registered_address = models.CharField(_("registered address"), max_length=300)
    # The city decides which local 12315 office is competent for an escalation.
    city = models.CharField(_("city"), max_length=50, db_index=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    return_address = models.CharField(_("return address"), max_length=300, blank=True)
    external_id = models.CharField(_("ID in the order system"), max_length=64, unique=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="shops", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")

    def __str__(self) -> str:
        return self.shop_name


# A shop key starts with this, so a key is recognisable in logs and secret scanners and the
# API tells it apart from a user's token (tousu/api/auth.py).
KEY_PREFIX = "tsk_"
# How much of the key the merchant center shows to tell keys apart (the prefix and a few characters).
KEY_SHOWN = 12


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ShopApiKeyQuerySet(models.QuerySet):
    def working(self):
        """Keys that authenticate: not revoked, and their creator still active staff of the shop."""
        return self.filter(
            revoked_at__isnull=True,
            created_by__is_active=True,
            created_by__shops=models.F("merchant"),
        )


class ShopApiKey(models.Model):
    """A credential for one shop's own systems: acts for that shop only, as its creator.

    Only the key's SHA-256 is stored; the raw key is shown once, when it is created. It
    stops working when revoked, and while its creator is deactivated or no longer staff of
    the shop (``working``). Created and revoked in the merchant center (tousu.merchants.actions)."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("shop")
    )
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(_("prefix"), max_length=KEY_SHOWN)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ShopApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("shop API key")
        verbose_name_plural = _("shop API keys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def lookup(cls, raw: str) -> "ShopApiKey | None":
        """The working key ``raw`` is, with its creator and shop; None for anything else."""
        if not raw.startswith(KEY_PREFIX):
            return None
        return (
            cls.objects.working()
            .select_related("created_by", "merchant")
            .filter(key_hash=hash_key(raw))
            .first()
        )


class ShopApiKeyUse(models.Model):
    """One API call made with a shop key: method, path, the status answered and when."""

    key = models.ForeignKey(
        ShopApiKey, on_delete=models.CASCADE, related_name="uses", verbose_name=_("key")
    )
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("shop API key call")
        verbose_name_plural = _("shop API key calls")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["key", "at"], name="shop_key_use_key_at")]
