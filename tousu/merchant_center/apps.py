from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MerchantCenterConfig(AppConfig):
    name = "tousu.merchant_center"
    label = "merchant_center"
    verbose_name = _("Merchant center")
