from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediesConfig(AppConfig):
    name = "tousu.remedies"
    label = "remedies"
    verbose_name = _("Remedies under consumer law")
