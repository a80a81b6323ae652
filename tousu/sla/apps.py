from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "tousu.sla"
    label = "sla"
    verbose_name = _("Working-time calendars")

    def ready(self):
        # Deadlines follow every change of status and priority, in the action's transaction.
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from django.db.models.signals import post_delete, post_save

        from tousu.complaints import events
        from tousu.sla import config, deadlines

        events.subscribe(events.StatusChanged, deadlines.on_status_changed)
        events.subscribe(events.PriorityChanged, deadlines.on_reclassified)
        events.subscribe(events.CategoryChanged, deadlines.on_reclassified)
        # Each process keeps the SLA configuration until one of these tables changes.
        for model in config.TABLES:
            post_save.connect(config.changed, sender=model, dispatch_uid=f"sla-config-{model}")
            post_delete.connect(config.changed, sender=model, dispatch_uid=f"sla-del-{model}")
