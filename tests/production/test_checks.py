"""TOUSU_ENV=production: each unsafe setting stops ``tousu check`` with an error naming it."""

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.channels.wechat import conf as wechat
from tousu.demo.management.commands.load_demo import PASSWORD
from tousu.notify.sms import TEMPLATES as SMS_TEMPLATES

SAFE_KEY = "k" * 20 + "-a-long-random-production-secret-key-0123456789"


@pytest.fixture
def production(settings):
    """A production deployment configured as docs/deploy.md says: no errors."""
    settings.TOUSU_ENV = "production"
    settings.SECRET_KEY = SAFE_KEY
    settings.DEBUG = False
    settings.TOUSU_WECHAT_TOKEN = settings.TOUSU_WECHAT_APPID = settings.TOUSU_WECHAT_AES_KEY = ""
    settings.TOUSU_WECHAT_DEMO = False
    settings.TOUSU_PAYMENT_ADAPTER = "tests.production.fakes.Gateway"
    settings.TOUSU_SMS_PROVIDER = "tests.production.fakes.Sms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    return settings


def production_errors() -> list[str]:
    return [f"{e.id} {e.msg}" for e in run_checks(tags=["tousu_production"])]


def assert_refused(setting: str, check_id: str) -> None:
    errors = production_errors()
    assert len(errors) == 1 and errors[0].startswith(f"{check_id} {setting}:"), errors
    with pytest.raises(SystemCheckError, match=setting):
        call_command("check")


@pytest.mark.django_db
def test_a_configured_deployment_passes(production):
    assert production_errors() == []
    call_command("check")


@pytest.mark.django_db
def test_outside_production_nothing_is_refused(settings):
    settings.TOUSU_ENV = "development"  # the demo's own settings
    assert production_errors() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["insecure-dev-key-change-me-in-production", "short-but-random-Zq81"]
)
def test_built_in_or_short_secret_key(production, key):
    production.SECRET_KEY = key
    assert_refused("TOUSU_SECRET_KEY", "tousu.E001")


@pytest.mark.django_db
def test_debug(production):
    production.DEBUG = True
    assert_refused("TOUSU_DEBUG", "tousu.E002")


@pytest.mark.django_db
def test_demo_wechat_token(production):
    production.TOUSU_WECHAT_TOKEN = wechat.DEMO_TOKEN
    assert_refused("TOUSU_WECHAT_TOKEN", "tousu.E003")


@pytest.mark.django_db
def test_demo_wechat_aes_key(production):
    production.TOUSU_WECHAT_AES_KEY = wechat.DEMO_AES_KEY
    assert_refused("TOUSU_WECHAT_AES_KEY", "tousu.E004")


@pytest.mark.django_db
def test_demo_wechat_appid(production):
    production.TOUSU_WECHAT_APPID = wechat.DEMO_APPID
    assert_refused("TOUSU_WECHAT_APPID", "tousu.E005")


@pytest.mark.django_db
def test_wechat_demo_switch(production):
    production.TOUSU_WECHAT_DEMO = True
    assert_refused("TOUSU_WECHAT_DEMO", "tousu.E006")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["tousu.payments.adapters.DemoAdapter", "tests.production.fakes.DemoGateway"]
)
def test_demo_payment_adapter(production, path):
    production.TOUSU_PAYMENT_ADAPTER = path
    assert_refused("TOUSU_PAYMENT_ADAPTER", "tousu.E007")


@pytest.mark.django_db
def test_no_payment_adapter_is_needed_when_merchants_pay_refunds(production):
    production.TOUSU_REFUND_MODE = "merchant_reported"  # refunds never reach the adapter
    production.TOUSU_PAYMENT_ADAPTER = "tousu.payments.adapters.DemoAdapter"
    assert production_errors() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["tousu.notify.adapters.LoggingSmsProvider", "tests.production.fakes.ChattySms"]
)
def test_logging_sms_provider(production, path):
    production.TOUSU_SMS_PROVIDER = path
    assert_refused("TOUSU_SMS_PROVIDER", "tousu.E008")


@pytest.mark.django_db
def test_tencent_sms_needs_its_keys_and_every_template_id(production):
    production.TOUSU_SMS_PROVIDER = "tousu.notify.tencent_sms.TencentSmsProvider"
    production.TOUSU_SMS_TENCENT_SECRET_ID = "AKIDexample"
    production.TOUSU_SMS_TENCENT_SECRET_KEY = "secret"
    production.TOUSU_SMS_TENCENT_SDK_APP_ID = "1400006666"
    for template in SMS_TEMPLATES.values():
        setattr(production, template.setting, "1234567")
    assert production_errors() == []
    production.TOUSU_SMS_TEMPLATE_DECIDED = ""
    assert_refused("TOUSU_SMS_PROVIDER", "tousu.E011")
    assert "TOUSU_SMS_TEMPLATE_DECIDED" in production_errors()[0]


@pytest.mark.django_db
def test_console_email_backend(production):
    production.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert_refused("TOUSU_EMAIL_BACKEND", "tousu.E009")


@pytest.mark.django_db
def test_demo_accounts_with_the_demo_password(production):
    admin = make_user("admin", Role.ADMIN)
    admin.set_password(PASSWORD)
    admin.save()
    agent = make_user("agent1", Role.AGENT)
    agent.set_password(PASSWORD)
    agent.save()
    make_user("consumer1", Role.CONSUMER)  # a demo name with its own password: fine
    errors = production_errors()
    assert errors == ["tousu.E010 demo accounts: admin, agent1 can sign in with the demo password"]
    admin.set_password("a-new-long-password-for-the-admin")
    admin.save()
    agent.is_active = False
    agent.save()
    assert production_errors() == []


@pytest.mark.django_db
def test_s3_storage_without_a_bucket(production):
    production.TOUSU_STORAGE = "s3"
    production.TOUSU_S3_BUCKET = ""
    assert_refused("TOUSU_S3_BUCKET", "tousu.E012")


@pytest.mark.django_db
def test_s3_storage_with_a_bucket_passes(production):
    production.TOUSU_STORAGE = "s3"
    production.TOUSU_S3_BUCKET = "tousu-evidence"
    assert production_errors() == []
