from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "tousu.channels.phone"
    label = "phone"
    verbose_name = _("Phone hotline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The supervisors' notice of an overdue callback speaks this channel's words.
        from tousu.channels.phone import texts
        from tousu.notify import topics

        topics.register("callback_breached", texts.callback_breached)
