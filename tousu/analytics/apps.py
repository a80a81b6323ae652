from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "tousu.analytics"
    label = "analytics"
    verbose_name = _("Figures")

    def ready(self):
        # A breach the sweep handled without a timeline event (a notice only) still changes
        # the figures: mark its complaint for the next rollup round (docs/analytics.md).
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from tousu.analytics import rollup
        from tousu.complaints import events
        from tousu.sla.events import Breached

        events.subscribe(Breached, rollup.on_breached)
