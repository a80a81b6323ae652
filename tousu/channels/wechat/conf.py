"""The channel's configuration, read from settings (which read the environment)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Shipped so the simulator works out of the box. A deployment that keeps this token
# has not been configured for the real WeChat servers, so the simulator stays on.
DEMO_TOKEN = "tousu-demo-token"


@dataclass(frozen=True)
class WechatConfig:
    token: str
    appid: str
    aes_key: str
    secret: str
    max_skew: int
    max_body: int

    @property
    def can_call_api(self) -> bool:
        """Outgoing API calls (media download, customer-service messages) need the secret."""
        return bool(self.appid and self.secret)


def config() -> WechatConfig:
    return WechatConfig(
        token=settings.TOUSU_WECHAT_TOKEN,
        appid=settings.TOUSU_WECHAT_APPID,
        aes_key=settings.TOUSU_WECHAT_AES_KEY,
        secret=settings.TOUSU_WECHAT_SECRET,
        max_skew=settings.TOUSU_WECHAT_MAX_SKEW,
        max_body=settings.TOUSU_WECHAT_MAX_BODY_BYTES,
    )


def simulator_enabled() -> bool:
    flag = settings.TOUSU_WECHAT_SIMULATOR
    return settings.TOUSU_WECHAT_TOKEN == DEMO_TOKEN if flag is None else flag
