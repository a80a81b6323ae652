from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tousu.notify"
    label = "notify"

    def ready(self):
        # Notifications are queued in the transaction of the event that causes them.
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from tousu.complaints import events
        from tousu.notify.rules import SUBSCRIPTIONS

        events.subscribe_all(SUBSCRIPTIONS)
