from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "tousu.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Changes and deliveries are written in the transaction of the event that causes them;
        # the owner's notice of a subscription turned off speaks this app's words.
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from tousu.complaints import events
        from tousu.notify import topics
        from tousu.webhooks import texts
        from tousu.webhooks.fanout import SUBSCRIPTIONS

        events.subscribe_all(SUBSCRIPTIONS)
        topics.register("webhook_disabled", texts.webhook_disabled)
