from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "tousu.automation"
    label = "automation"
    verbose_name = _("Automation rules")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Triggers are captured in the transaction of the change that causes them; the
        # supervisor's notice speaks this app's words.
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from tousu.automation import texts
        from tousu.automation.capture import SUBSCRIPTIONS
        from tousu.complaints import events
        from tousu.notify import topics

        events.subscribe_all(SUBSCRIPTIONS)
        topics.register(texts.TOPIC, texts.rule_notice)
