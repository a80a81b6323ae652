from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tousu.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # The index follows every text a complaint gains, in the action's transaction.
        # (Imported here, not at the top: models can only be imported once apps are ready.)
        from tousu.complaints import events
        from tousu.search import indexer

        events.subscribe(events.TimelineAppended, indexer.on_timeline_appended)
