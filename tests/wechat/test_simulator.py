"""The simulator speaks the real protocol to the endpoint: page for staff, and a command."""

import re

import pytest
from django.core.management import call_command

from tousu.channels.wechat.models import Binding, InboundMessage
from tousu.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_command_runs_a_whole_conversation_in_safe_mode(consumer, order, capsys):
    # The default logging SMS provider: the simulator shows the code it "sent".
    call_command("wechat_simulate", ":follow", "投诉", "13812341234", "--openid", "o-sim-test")
    out = capsys.readouterr().out
    assert "safe mode" in out and "[SMS] → +8613812341234" in out
    code = re.search(r"验证码为(\d{6})", out).group(1)
    call_command(
        "wechat_simulate",
        code,
        "1",
        "耳机左耳没有声音。",
        "1",
        "3",
        ":photo",
        "提交",
        "--openid",
        "o-sim-test",
    )
    out = capsys.readouterr().out
    complaint = Complaint.objects.get()
    assert complaint.number in out
    assert Binding.objects.get(openid="o-sim-test").user == consumer


def test_command_taps_a_menu_button(consumer, capsys):
    Binding.objects.create(openid="o-sim-menu", user=consumer)
    call_command("wechat_simulate", ":click TOUSU_STATUS", "--openid", "o-sim-menu")
    out = capsys.readouterr().out
    assert "> [menu TOUSU_STATUS]" in out and "no complaints yet" in out


def test_command_plaintext_with_wire_xml(capsys):
    call_command("wechat_simulate", "你好", "--plain", "--xml")
    out = capsys.readouterr().out
    assert "<MsgType><![CDATA[text]]></MsgType>" in out and "did not understand" in out
    assert InboundMessage.objects.count() == 1


def test_page_for_staff_shows_the_conversation(client, agent, settings):
    settings.TOUSU_WECHAT_SIMULATOR = True
    client.force_login(agent)
    assert client.get("/channels/wechat/simulator/").status_code == 200
    response = client.post(
        "/channels/wechat/simulator/", {"action": "subscribe", "encrypted": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "投诉" in response.content.decode()
    assert "Encrypt" in response.content.decode()  # the wire XML is shown
    response = client.post(
        "/channels/wechat/simulator/", {"action": "text", "text": "帮助"}, follow=True
    )
    assert response.content.decode().count("催办") >= 2


def test_page_is_hidden_from_consumers_and_when_disabled(client, consumer, agent, settings):
    settings.TOUSU_WECHAT_SIMULATOR = True
    client.force_login(consumer)
    assert client.get("/channels/wechat/simulator/").status_code == 404
    client.force_login(agent)
    settings.TOUSU_WECHAT_SIMULATOR = False
    assert client.get("/channels/wechat/simulator/").status_code == 404


def test_page_is_off_by_default_once_a_real_token_is_configured(client, agent, settings):
    settings.TOUSU_WECHAT_SIMULATOR = None
    client.force_login(agent)
    assert (
        client.get("/channels/wechat/simulator/").status_code == 404
    )  # the test token is not the demo one
    settings.TOUSU_WECHAT_TOKEN = "tousu-demo-token"
    assert client.get("/channels/wechat/simulator/").status_code == 200
