from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WechatConfig(AppConfig):
    name = "tousu.channels.wechat"
    label = "wechat"
    verbose_name = _("WeChat official account")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Outbox rows for the WeChat medium are delivered by this channel's adapter, the
        # channel's settings are checked at start, and the notice of a photo that could not
        # be added speaks this channel's words. (Imported here: models are loaded now.)
        from tousu.channels.wechat import adapter, checks, jobs  # noqa: F401 - checks register
        from tousu.notify import adapters, topics
        from tousu.notify.models import Medium

        adapters.register(Medium.WECHAT, adapter.deliver, adapter.reaches)
        topics.register(jobs.MEDIA_FAILED_TOPIC, jobs.media_failed_texts)
