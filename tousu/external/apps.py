from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExternalConfig(AppConfig):
    name = "tousu.external"
    label = "external"
    verbose_name = _("Cases from 12315, regulators and Black Cat")
