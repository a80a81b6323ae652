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

# The account's message mode (开发 → 基本配置 → 消息加解密方式).
PLAINTEXT = "plaintext"  # 明文: messages arrive unencrypted
COMPATIBLE = "compatible"  # 兼容: encrypted and plaintext both accepted
SAFE = "safe"  # 安全: only encrypted messages (encrypt_type=aes, an Encrypt field)
MODES = (PLAINTEXT, COMPATIBLE, SAFE)


@dataclass(frozen=True)
class WechatConfig:
    token: str
    appid: str
    aes_key: str
    secret: str
    max_skew: int
    max_body: int
    mode: str = SAFE

    @property
    def configured(self) -> bool:
        """Without a token the endpoint does not exist (404): nothing could be verified."""
        return bool(self.token)

    @property
    def can_call_api(self) -> bool:
        """Outgoing API calls (media download, customer-service messages) need the secret."""
        return bool(self.appid and self.secret)

    @property
    def accepts_plaintext(self) -> bool:
        """Only plaintext and compatible mode take unencrypted messages; an unknown mode does not."""
        return self.mode in (PLAINTEXT, COMPATIBLE)


def default_mode(aes_key: str) -> str:
    """Safe as soon as there is a key; the demo keys also take plaintext, for the simulator."""
    if not aes_key:
        return PLAINTEXT
    return COMPATIBLE if aes_key == DEMO_AES_KEY else SAFE


def config() -> WechatConfig:
    demo = settings.TOUSU_WECHAT_DEMO
    aes_key = settings.TOUSU_WECHAT_AES_KEY or (DEMO_AES_KEY if demo else "")
    return WechatConfig(
        token=settings.TOUSU_WECHAT_TOKEN or (DEMO_TOKEN if demo else ""),
        appid=settings.TOUSU_WECHAT_APPID or (DEMO_APPID if demo else ""),
        aes_key=aes_key,
        secret=settings.TOUSU_WECHAT_SECRET,
        max_skew=settings.TOUSU_WECHAT_MAX_SKEW,
        max_body=settings.TOUSU_WECHAT_MAX_BODY_BYTES,
        mode=settings.TOUSU_WECHAT_ENCODING_MODE or default_mode(aes_key),
    )


def simulator_enabled() -> bool:
    flag = settings.TOUSU_WECHAT_SIMULATOR
    return config().token == DEMO_TOKEN if flag is None else flag
