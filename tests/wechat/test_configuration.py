"""The endpoint exists only once the account is configured; the demo keys are opt-in."""

import time

import pytest
from django.core.management import call_command

from tousu.channels.wechat import crypto
from tousu.channels.wechat.conf import DEMO_TOKEN, config
from tousu.channels.wechat.models import InboundMessage
from tousu.channels.wechat.simulator import message_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfigured(wechat_settings):
    wechat_settings.TOUSU_WECHAT_TOKEN = wechat_settings.TOUSU_WECHAT_APPID = (
        wechat_settings.TOUSU_WECHAT_AES_KEY
    ) = ""
    wechat_settings.TOUSU_WECHAT_DEMO = False
    wechat_settings.TOUSU_WECHAT_SIMULATOR = None
    return wechat_settings


def signed(token: str, **extra) -> dict:
    timestamp, nonce = str(int(time.time())), "1234567890"
    return {
        "signature": crypto.signature(token, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        **extra,
    }


def test_without_a_token_the_endpoint_is_not_found(client, unconfigured):
    # Signed with the demo token, which used to be the public default: nothing answers.
    assert client.get("/channels/wechat/", signed(DEMO_TOKEN, echostr="42")).status_code == 404
    response = client.post(
        "/channels/wechat/?" + "&".join(f"{k}={v}" for k, v in signed(DEMO_TOKEN).items()),
        data=message_xml("o-x", "text", "投诉"),
        content_type="text/xml",
    )
    assert response.status_code == 404
    assert not InboundMessage.objects.exists()


def test_simulator_page_is_off_without_configuration(client, agent, unconfigured):
    client.force_login(agent)
    assert client.get("/channels/wechat/simulator/").status_code == 404


def test_demo_switch_runs_endpoint_and_simulator_on_the_demo_keys(client, agent, unconfigured):
    unconfigured.TOUSU_WECHAT_DEMO = True
    assert config().token == DEMO_TOKEN
    assert client.get("/channels/wechat/", signed(DEMO_TOKEN, echostr="42")).content == b"42"
    client.force_login(agent)
    assert client.get("/channels/wechat/simulator/").status_code == 200
    response = client.post(
        "/channels/wechat/simulator/", {"action": "subscribe", "encrypted": "on"}, follow=True
    )
    assert "投诉" in response.content.decode()


def test_configured_keys_win_over_the_demo_switch(client, wechat_settings):
    wechat_settings.TOUSU_WECHAT_DEMO = True
    assert config().token == wechat_settings.TOUSU_WECHAT_TOKEN
    assert client.get("/channels/wechat/", signed(DEMO_TOKEN, echostr="42")).status_code == 403


def test_simulate_command_with_the_demo_switch(unconfigured, capsys):
    unconfigured.TOUSU_WECHAT_DEMO = True
    call_command("wechat_simulate", "你好")
    assert "did not understand" in capsys.readouterr().out
