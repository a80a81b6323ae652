"""Shops selling on the marketplace and the people who answer for them."""

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
