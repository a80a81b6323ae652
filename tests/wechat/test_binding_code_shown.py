"""The WeChat binding code: in development (the logging SMS provider) printed by the default
logging configuration; sent after the chat's transaction committed, never inside it."""

import logging
import logging.config
import re

import pytest
from django.db import connection

from tousu.channels.wechat import binding, dialogue
from tousu.channels.wechat.models import BindingCode
from tousu.channels.wechat.xml import Inbound

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_logging(settings):
    """settings.LOGGING as the project ships it (TOUSU_LOG_LEVEL unset: WARNING)."""
    assert settings.LOGGING["root"]["level"] == "WARNING"
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(settings.LOGGING)  # its console handler writes to this stderr
    yield
    root.handlers[:], _ = saved
    root.setLevel(saved[1])


def test_the_code_is_printed_by_the_default_configuration(consumer, capsys, default_logging):
    capsys.readouterr()
    sent = binding.send_code("oDev000000000000000000000001", "+8613812341234")
    assert sent.ok
    printed = capsys.readouterr().err
    code = re.search(r"验证码为(\d{6})", printed).group(1)
    assert binding.verify("oDev000000000000000000000001", code).user == consumer
    assert BindingCode.objects.get().used_at is not None


class Gateway:
    """Records, for each code it is asked to send, how deep in transactions the caller is."""

    def __init__(self, fail: bool = False):
        self.depths: list[int] = []
        self.fail = fail

    def send(self, phone, template, params, message_id):
        self.depths.append(len(connection.atomic_blocks))
        if self.fail:
            raise ConnectionError("gateway down")


def say(text: str, n: int) -> str:
    return dialogue.receive(
        Inbound(
            account="gh_test",
            openid="oDev000000000000000000000002",
            create_time=1_700_000_000 + n,
            msg_type="text",
            content=text,
            msg_id=str(20_000 + n),
        )
    )


def test_the_chat_sends_the_code_after_its_transaction_committed(consumer, monkeypatch):
    gateway = Gateway()
    monkeypatch.setattr("tousu.channels.wechat.binding.sms_provider", lambda: gateway)
    outside = len(connection.atomic_blocks)  # the test's own transaction
    say("投诉", 1)
    assert "6-digit code" in say("13812341234", 2)
    assert gateway.depths == [outside]


def test_a_gateway_failure_is_told_and_the_code_forgotten(consumer, monkeypatch):
    gateway = Gateway(fail=True)
    monkeypatch.setattr("tousu.channels.wechat.binding.sms_provider", lambda: gateway)
    say("投诉", 1)
    assert "could not send the SMS" in say("13812341234", 2)
    assert not BindingCode.objects.exists()  # does not count against the limits
