from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "tousu.coach"
    label = "coach"

    def ready(self):
        from tousu.coach import segment

        # The jieba dictionary loads in the background as the process starts, so the first
        # coach request (and the first search) does not wait seconds for it.
        segment.preload()
