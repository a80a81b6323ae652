"""The channel's configuration, read from settings (which read the environment)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Demo keys, used only with TOUSU_WECHAT_DEMO=1 (`make run`) so the simulator works out of
# the box. While the demo token is in use the simulator page is on; the production checks
# (tousu/deploy/checks.py) refuse all three and the switch.
DEMO_TOKEN = "tousu-demo-token"
DEMO_APPID = "wx0000000000demo"
DEMO_AES_KEY = "VG91c3VEZW1vS2V5Rm9yVGhlV2VDaGF0U2ltdWxhdG8"


@dataclass(frozen=True)
class WechatConfig:
    token: str
    appid: str
    aes_key: str
    secret: str
    max_skew: int
    max_body: int

    @property
    def configured(self) -> bool:
        """Without a token the endpoint does not exist (404): nothing could be verified."""
        return bool(self.token)

    @property
    def can_call_api(self) -> bool:
        """Outgoing API calls (media download, customer-service messages) need the secret."""
        return bool(self.appid and self.secret)


def config() -> WechatConfig:
    demo = settings.TOUSU_WECHAT_DEMO
    return WechatConfig(
        token=settings.TOUSU_WECHAT_TOKEN or (DEMO_TOKEN if demo else ""),
        appid=settings.TOUSU_WECHAT_APPID or (DEMO_APPID if demo else ""),
        aes_key=settings.TOUSU_WECHAT_AES_KEY or (DEMO_AES_KEY if demo else ""),
        secret=settings.TOUSU_WECHAT_SECRET,
        max_skew=settings.TOUSU_WECHAT_MAX_SKEW,
        max_body=settings.TOUSU_WECHAT_MAX_BODY_BYTES,
    )


def simulator_enabled() -> bool:
    flag = settings.TOUSU_WECHAT_SIMULATOR
    return config().token == DEMO_TOKEN if flag is None else flag
