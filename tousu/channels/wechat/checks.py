"""System checks of the channel's configuration (run by ``tousu check``, runserver, and the
web server in production): a message mode the endpoint cannot honour stops the start."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from tousu.channels.wechat.conf import MODES, PLAINTEXT, config


@register()
def encoding_mode(app_configs=None, **kwargs) -> list[Error]:
    cfg = config()
    if not cfg.configured:
        return []  # the endpoint is off
    if cfg.mode not in MODES:
        return [
            Error(
                f"TOUSU_WECHAT_ENCODING_MODE: {settings.TOUSU_WECHAT_ENCODING_MODE!r} is not a mode",
                hint=f"Use one of {', '.join(MODES)} (the account's 消息加解密方式); until then "
                "only encrypted messages are accepted.",
                id="wechat.E001",
            )
        ]
    if cfg.mode != PLAINTEXT and not cfg.aes_key:
        return [
            Error(
                f"TOUSU_WECHAT_ENCODING_MODE: {cfg.mode} mode needs TOUSU_WECHAT_AES_KEY",
                hint="Set the account's EncodingAESKey, or choose plaintext mode.",
                id="wechat.E002",
            )
        ]
    return []
