"""In development (the logging SMS provider) the WeChat binding code reaches the developer:
printed by the default logging configuration, and shown in the simulator's chat."""

import logging
import logging.config
import re

import pytest

from tousu.channels.wechat import binding
from tousu.channels.wechat.models import BindingCode

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
