"""The account's message mode: safe mode refuses what is not encrypted; compatible takes both."""

import logging
import secrets
import time

import pytest
from django.core.checks import run_checks
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from tests.wechat.conftest import AES_KEY, APPID, TOKEN, Wire, fixture
from tousu.channels.wechat import crypto
from tousu.channels.wechat.conf import DEMO_AES_KEY, config
from tousu.channels.wechat.models import Conversation, InboundMessage, SeenRequest
from tousu.channels.wechat.xml import parse

pytestmark = pytest.mark.django_db


def nothing_recorded():
    return not (
        InboundMessage.objects.exists()
        or Conversation.objects.exists()
        or SeenRequest.objects.exists()
    )


@pytest.fixture
def safe_mode(wechat_settings):
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = "safe"
    return wechat_settings


def wechatpy_request(plain_xml: str) -> tuple[dict, str]:
    """A safe-mode push built, encrypted and signed by wechatpy (the WeChat side)."""
    peer = WeChatCrypto(TOKEN, AES_KEY, APPID)
    timestamp, nonce = str(int(time.time())), str(secrets.randbelow(10**10))
    envelope = parse(peer.encrypt_message(plain_xml, nonce, timestamp))
    query = Wire().query(
        timestamp=timestamp, nonce=nonce, encrypt_type="aes", msg_signature=envelope["MsgSignature"]
    )
    body = (
        "<xml><ToUserName><![CDATA[gh_tousu_demo]]></ToUserName>"
        f"<Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    )
    return query, body


def test_safe_mode_refuses_a_signed_plaintext_message_and_logs_it(safe_mode, wire, caplog):
    caplog.set_level(logging.WARNING, logger="tousu.wechat")
    response = wire.post(fixture("text.xml"))  # correctly signed, just not encrypted
    assert response.status_code == 403
    assert response.content == b"plaintext message refused in safe mode"
    assert nothing_recorded()
    assert any("plaintext message refused" in r.getMessage() for r in caplog.records)


def test_safe_mode_refuses_encrypt_type_aes_without_an_encrypt_field(safe_mode, wire):
    query = wire.query(encrypt_type="aes")
    # msg_signature made with the token over an empty Encrypt: only the mode refuses this.
    query["msg_signature"] = crypto.signature(TOKEN, query["timestamp"], query["nonce"], "")
    response = wire.post_raw(fixture("text.xml"), query)
    assert response.status_code == 403
    assert response.content == b"plaintext message refused in safe mode"
    assert nothing_recorded()


def test_safe_mode_refuses_a_plaintext_body_with_encrypt_type_raw(safe_mode, wire):
    assert wire.post(fixture("text.xml"), encrypt_type="raw").status_code == 403
    assert nothing_recorded()


def test_safe_mode_answers_wechatpy_in_kind(safe_mode, wire):
    query, body = wechatpy_request(fixture("subscribe.xml"))
    response = wire.post_raw(body, query)
    assert response.status_code == 200
    fields = parse(response.content)
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    plain = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(
        response.content.decode(), fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
    )
    assert "投诉" in parse_message(plain).content


def test_only_the_encrypted_message_counts_when_both_are_in_the_body(safe_mode, safe_wire):
    """A compatible-mode body has plaintext fields beside Encrypt: they are never read."""
    inner = fixture("subscribe.xml")
    encrypted = safe_wire.crypt.encrypt(inner.encode())
    query = safe_wire.query(encrypt_type="aes")
    query["msg_signature"] = crypto.signature(TOKEN, query["timestamp"], query["nonce"], encrypted)
    forged_outer = fixture("text.xml").replace("oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd", "o-forged")
    body = forged_outer.replace("</xml>", f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>")
    assert "投诉" in safe_wire.reply_text(safe_wire.post_raw(body, query))
    assert list(Conversation.objects.values_list("openid", flat=True)) == [
        "oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd"
    ]


def test_compatible_mode_takes_plaintext_and_encrypted(wechat_settings, wire, safe_wire):
    assert config().mode == "compatible"
    assert "投诉" in wire.reply_text(wire.post(fixture("subscribe.xml")))
    text = fixture("text.xml").replace("投诉", "帮助")
    assert "催办" in safe_wire.reply_text(safe_wire.post(text))


def test_plaintext_mode_takes_plaintext(wechat_settings, wire):
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = "plaintext"
    assert wire.post(fixture("subscribe.xml")).status_code == 200


def test_the_mode_defaults_to_safe_once_a_key_is_configured(wechat_settings, wire):
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = ""
    assert config().mode == "safe"
    assert wire.post(fixture("text.xml")).status_code == 403
    wechat_settings.TOUSU_WECHAT_AES_KEY = ""
    assert config().mode == "plaintext"
    assert wire.post(fixture("text.xml")).status_code == 200
    wechat_settings.TOUSU_WECHAT_AES_KEY = DEMO_AES_KEY  # the simulator sends both kinds
    assert config().mode == "compatible"


def test_an_unknown_mode_takes_only_encrypted_messages(wechat_settings, wire, safe_wire):
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = "strict"
    assert wire.post(fixture("text.xml")).status_code == 403
    assert safe_wire.post(fixture("text.xml")).status_code == 200


def wechat_check_ids() -> list[str]:
    return [e.id for e in run_checks() if e.id.startswith("wechat.")]


def test_system_checks_name_a_mode_the_endpoint_cannot_honour(wechat_settings):
    assert wechat_check_ids() == []
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = "strict"
    assert wechat_check_ids() == ["wechat.E001"]
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = "safe"
    wechat_settings.TOUSU_WECHAT_AES_KEY = ""
    assert wechat_check_ids() == ["wechat.E002"]
    wechat_settings.TOUSU_WECHAT_TOKEN = ""  # endpoint off: nothing to check
    assert wechat_check_ids() == []


def test_simulator_page_shows_the_refusal_of_plaintext_in_safe_mode(client, agent, safe_mode):
    safe_mode.TOUSU_WECHAT_SIMULATOR = True
    client.force_login(agent)
    response = client.post("/channels/wechat/simulator/", {"action": "subscribe"}, follow=True)
    assert "HTTP 403" in response.content.decode()
    response = client.post(
        "/channels/wechat/simulator/", {"action": "subscribe", "encrypted": "on"}, follow=True
    )
    assert "投诉" in response.content.decode()
