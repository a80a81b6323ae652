from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "tousu.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from tousu.complaints import events
        from tousu.triage import actions

        events.subscribe(events.TimelineAppended, actions.on_timeline)
        # After tousu.sla's (earlier in INSTALLED_APPS): the clocks exist when we raise.
        events.subscribe(events.StatusChanged, actions.on_filed)
