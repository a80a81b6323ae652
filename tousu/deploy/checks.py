"""System checks of the production profile (TOUSU_ENV=production; docs/deploy.md).

Each unsafe setting is an error naming it, so ``tousu check``, the server (tousu/wsgi.py,
``runserver``) and ``tousu worker`` refuse to start until it is fixed. Outside production
they report nothing: the demo runs on exactly these settings.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, register
from django.db import DatabaseError
from django.utils.module_loading import import_string

from tousu.accounts.models import User
from tousu.channels.wechat import conf as wechat
from tousu.demo.management.commands.load_demo import LOGINS, PASSWORD
from tousu.notify.adapters import LoggingSmsProvider
from tousu.notify.sms import TEMPLATES as SMS_TEMPLATES
from tousu.notify.tencent_sms import TencentSmsProvider
from tousu.payments.adapters import DemoAdapter

BUILT_IN_SECRET_KEY = "insecure-dev-key-change-me-in-production"
MIN_SECRET_KEY_LENGTH = 50  # Django's own deployment check asks for as many
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


def _error(setting: str, why: str, fix: str, number: int) -> Error:
    return Error(f"{setting}: {why}", hint=fix, id=f"tousu.E{number:03d}")


def _is_demo_class(path: str, demo: type) -> bool:
    try:
        configured = import_string(path)
    except ImportError:
        return False  # reported by the first use; this check is about demo classes
    return isinstance(configured, type) and issubclass(configured, demo)


def _demo_accounts() -> list[str]:
    try:
        users = list(
            User.objects.filter(username__in=LOGINS, is_active=True).only("username", "password")
        )
    except DatabaseError:  # not migrated yet: there are no accounts at all
        return []
    # load_demo gives them all one hash: check each distinct hash once (PBKDF2 is slow on purpose).
    demo_hashes = {
        hashed for hashed in {user.password for user in users} if check_password(PASSWORD, hashed)
    }
    return sorted(user.username for user in users if user.password in demo_hashes)


def _secret_and_debug() -> list[Error]:
    errors = []
    key = settings.SECRET_KEY
    if key == BUILT_IN_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        errors.append(
            _error(
                "TOUSU_SECRET_KEY",
                f"the built-in development key or shorter than {MIN_SECRET_KEY_LENGTH} characters",
                "Set a long random key, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'.",
                1,
            )
        )
    if settings.DEBUG:
        errors.append(
            _error(
                "TOUSU_DEBUG",
                "debug pages are on (they show settings and code to anyone)",
                "Unset TOUSU_DEBUG.",
                2,
            )
        )
    return errors


def _wechat() -> list[Error]:
    errors = []
    demo_values = [
        ("TOUSU_WECHAT_TOKEN", settings.TOUSU_WECHAT_TOKEN, wechat.DEMO_TOKEN, 3),
        ("TOUSU_WECHAT_AES_KEY", settings.TOUSU_WECHAT_AES_KEY, wechat.DEMO_AES_KEY, 4),
        ("TOUSU_WECHAT_APPID", settings.TOUSU_WECHAT_APPID, wechat.DEMO_APPID, 5),
    ]
    for setting, value, demo, number in demo_values:
        if value == demo:
            errors.append(
                _error(
                    setting,
                    "the public demo value",
                    "Use the account's own value from its 基本配置 page, or unset it (endpoint off).",
                    number,
                )
            )
    if settings.TOUSU_WECHAT_DEMO:
        errors.append(
            _error(
                "TOUSU_WECHAT_DEMO",
                "the endpoint runs on the public demo keys",
                "Unset TOUSU_WECHAT_DEMO.",
                6,
            )
        )
    return errors


def _adapters() -> list[Error]:
    errors = []
    # Only refunds paid by the platform reach the adapter (TOUSU_REFUND_MODE).
    if settings.TOUSU_REFUND_MODE == "platform" and _is_demo_class(
        settings.TOUSU_PAYMENT_ADAPTER, DemoAdapter
    ):
        errors.append(
            _error(
                "TOUSU_PAYMENT_ADAPTER",
                "the demo adapter marks refunds paid without paying them",
                "Point it at the payment system's adapter (docs/deploy.md).",
                7,
            )
        )
    if _is_demo_class(settings.TOUSU_SMS_PROVIDER, LoggingSmsProvider):
        errors.append(
            _error(
                "TOUSU_SMS_PROVIDER",
                "the logging provider only writes SMS to the log",
                "Point it at the SMS gateway's provider (docs/deploy.md).",
                8,
            )
        )
    if _is_demo_class(settings.TOUSU_SMS_PROVIDER, TencentSmsProvider):
        missing = [
            name
            for name in (
                "TOUSU_SMS_TENCENT_SECRET_ID",
                "TOUSU_SMS_TENCENT_SECRET_KEY",
                "TOUSU_SMS_TENCENT_SDK_APP_ID",
                *(template.setting for template in SMS_TEMPLATES.values()),
            )
            if not getattr(settings, name)
        ]
        if missing:
            errors.append(
                _error(
                    "TOUSU_SMS_PROVIDER",
                    f"Tencent Cloud SMS needs {', '.join(missing)}",
                    "Set the API keys and the ids of the registered templates "
                    "(docs/notifications.md#sms-templates).",
                    11,
                )
            )
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL:
        errors.append(
            _error(
                "TOUSU_EMAIL_BACKEND",
                "the console backend prints e-mail instead of sending it",
                "Use django.core.mail.backends.smtp.EmailBackend with TOUSU_EMAIL_HOST.",
                9,
            )
        )
    return errors


def _storage() -> list[Error]:
    if settings.TOUSU_STORAGE == "s3" and not settings.TOUSU_S3_BUCKET:
        return [
            _error(
                "TOUSU_S3_BUCKET",
                "TOUSU_STORAGE=s3 names no bucket, so no evidence file could be stored",
                "Set TOUSU_S3_BUCKET (and TOUSU_S3_ENDPOINT_URL for a store other than AWS).",
                12,
            )
        ]
    return []


@register("tousu_production")
def production_settings(app_configs=None, **kwargs) -> list[Error]:
    """Every unsafe setting of a production deployment, each an error naming the setting."""
    if settings.TOUSU_ENV != "production":
        return []
    errors = _secret_and_debug() + _wechat() + _adapters() + _storage()
    demo = _demo_accounts()
    if demo:
        errors.append(
            _error(
                "demo accounts",
                f"{', '.join(demo)} can sign in with the demo password",
                "Deactivate them or change their passwords (tousu changepassword NAME).",
                10,
            )
        )
    return errors
