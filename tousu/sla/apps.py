from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "tousu.sla"
    label = "sla"
    verbose_name = _("Working-time calendars")

    def ready(self):
        # Deadlines follow every change of status and priority, in the action's transaction.
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from tousu.complaints import events
        from tousu.sla import deadlines

        events.subscribe(events.StatusChanged, deadlines.on_status_changed)
        events.subscribe(events.PriorityChanged, deadlines.on_priority_changed)
