from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WechatConfig(AppConfig):
    name = "tousu.channels.wechat"
    label = "wechat"
    verbose_name = _("WeChat official account")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tousu.channels.wechat import checks  # noqa: F401 - registers the system checks
