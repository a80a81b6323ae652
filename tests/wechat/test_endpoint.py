"""The endpoint speaks the official protocol, and refuses anything else with no side effect."""

import time

import pytest
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto

from tests.wechat.conftest import AES_KEY, APPID, TOKEN, Wire, fixture
from tousu.channels.wechat import crypto
from tousu.channels.wechat.models import Conversation, InboundMessage
from tousu.channels.wechat.xml import Inbound, parse

pytestmark = pytest.mark.django_db


def nothing_recorded():
    return not InboundMessage.objects.exists() and not Conversation.objects.exists()


# --- URL verification -------------------------------------------------------------------


def test_url_verification_echoes_echostr(wire):
    response = wire.http.get("/channels/wechat/", wire.query(echostr="8435726491"))
    assert response.status_code == 200
    assert response.content == b"8435726491"


def test_url_verification_with_a_wrong_signature_is_refused(wire):
    query = wire.query(echostr="8435726491")
    query["signature"] = crypto.signature("wrong-token", query["timestamp"], query["nonce"])
    response = wire.http.get("/channels/wechat/", query)
    assert response.status_code == 403
    assert b"8435726491" not in response.content


# --- plaintext and safe mode --------------------------------------------------------------


def test_plaintext_message_gets_a_plaintext_reply(wire):
    response = wire.post(fixture("subscribe.xml"))
    assert response["Content-Type"].startswith("application/xml")
    reply = parse_message(response.content.decode())  # wechatpy reads our reply
    assert reply.type == "text"
    assert reply.source == "gh_tousu_demo" and reply.target == "oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd"
    assert "投诉" in reply.content


def test_safe_mode_interoperates_with_wechatpy():
    """wechatpy builds, signs and encrypts the request; we answer; wechatpy decrypts the reply."""
    peer = WeChatCrypto(TOKEN, AES_KEY, APPID)
    timestamp, nonce = str(int(time.time())), "246813579"
    envelope = parse(peer.encrypt_message(fixture("subscribe.xml"), nonce, timestamp))
    body = f"<xml><ToUserName><![CDATA[gh_tousu_demo]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
    wire = Wire()
    query = wire.query(
        timestamp=timestamp, nonce=nonce, encrypt_type="aes", msg_signature=envelope["MsgSignature"]
    )
    response = wire.post_raw(body, query)
    assert response.status_code == 200
    fields = parse(response.content)
    plain = peer.decrypt_message(
        response.content.decode(), fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]
    )
    reply = parse_message(plain)
    assert reply.type == "text" and "投诉" in reply.content
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}


def test_safe_mode_round_trip(safe_wire):
    assert "投诉" in safe_wire.reply_text(safe_wire.post(fixture("subscribe.xml")))


@pytest.mark.parametrize(
    "name",
    [
        "text.xml",
        "image.xml",
        "subscribe.xml",
        "unsubscribe.xml",
        "voice.xml",
        "location.xml",
        "event_view.xml",
    ],
)
def test_fixtures_parse_the_same_as_wechatpy_reads_them(name):
    ours, theirs = Inbound.from_fields(parse(fixture(name))), parse_message(fixture(name))
    assert (ours.openid, ours.account, ours.create_time) == (
        theirs.source,
        theirs.target,
        int(theirs.create_time.timestamp()),
    )
    assert ours.msg_type == (
        theirs.type if theirs.type in {"text", "image", "voice", "location"} else "event"
    )
    if ours.msg_type == "text":
        assert ours.content == theirs.content and int(ours.msg_id) == theirs.id
    if ours.msg_type == "image":
        assert ours.media_id == theirs.media_id and ours.pic_url == theirs.image
    if ours.msg_type == "event":
        assert ours.event == theirs.event.lower()


@pytest.mark.parametrize("name", ["voice.xml", "location.xml"])
def test_message_types_we_do_not_read_get_a_short_prompt(wire, name):
    assert "text and photos" in wire.reply_text(wire.post(fixture(name)))


def test_events_we_do_not_handle_get_success(wire):
    response = wire.post(fixture("event_view.xml"))
    assert response.content == b"success"


def test_unsubscribe_answers_success_and_marks_the_conversation(wire):
    wire.post(fixture("subscribe.xml"))
    assert wire.post(fixture("unsubscribe.xml")).content == b"success"
    assert Conversation.objects.get().subscribed is False


def test_endpoint_is_csrf_exempt_but_only_get_and_post(wire):
    assert wire.post(fixture("text.xml")).status_code == 200  # the client enforces CSRF checks
    assert (
        wire.http.put(
            "/channels/wechat/?" + "&".join(f"{k}={v}" for k, v in wire.query().items())
        ).status_code
        == 405
    )


# --- hardening --------------------------------------------------------------------------


def test_wrong_signature_is_refused(wire):
    assert wire.post(fixture("text.xml"), signature="0" * 40).status_code == 403
    assert nothing_recorded()


def test_missing_signature_is_refused(wire):
    query = wire.query()
    del query["signature"]
    assert wire.post_raw(fixture("text.xml"), query).status_code == 403
    assert nothing_recorded()


def test_wrong_msg_signature_in_safe_mode_is_refused(safe_wire):
    assert safe_wire.post(fixture("text.xml"), msg_signature="0" * 40).status_code == 403
    assert nothing_recorded()


def test_message_encrypted_for_another_appid_is_refused(safe_wire):
    safe_wire.crypt = crypto.MessageCrypt(TOKEN, AES_KEY, "wx9999999999999999")
    assert safe_wire.post(fixture("text.xml")).status_code == 403
    assert nothing_recorded()


def test_stale_timestamp_is_refused(wire, settings):
    query = wire.query(timestamp=str(int(time.time()) - 301))
    assert wire.post_raw(fixture("text.xml"), query).status_code == 403
    query = wire.query(timestamp=str(int(time.time()) + 301))
    assert wire.post_raw(fixture("text.xml"), query).status_code == 403
    assert nothing_recorded()
    settings.TOUSU_WECHAT_MAX_SKEW = 0  # 0 turns the check off
    query = wire.query(timestamp="1409735669")
    assert wire.post_raw(fixture("text.xml"), query).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        "not xml at all",
        "<xml><ToUserName>unclosed</xml>",
        "<root><FromUserName>o</FromUserName></root>",
        "<xml><FromUserName>o</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>",
        "<xml><CreateTime>1</CreateTime></xml>",
    ],
)
def test_malformed_xml_is_refused(wire, body):
    assert wire.post(body).status_code == 400
    assert nothing_recorded()


XXE = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>o-attacker</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xml [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><ToUserName>gh</ToUserName><FromUserName>o-attacker</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>2</MsgId></xml>"""


@pytest.mark.parametrize("payload", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_payloads_are_refused_plain_and_encrypted(payload, wire, safe_wire):
    started = time.monotonic()
    assert wire.post(payload).status_code == 400
    assert safe_wire.post(payload).status_code == 400  # also when hidden inside the Encrypt field
    assert time.monotonic() - started < 2
    assert nothing_recorded()


def test_oversized_body_is_refused(wire, settings):
    settings.TOUSU_WECHAT_MAX_BODY_BYTES = 4096
    padding = "好" * 5000
    body = fixture("text.xml").replace("投诉", padding)
    assert wire.post(body).status_code == 413
    assert nothing_recorded()


# --- deduplication ----------------------------------------------------------------------


def test_a_retried_message_gets_the_same_reply_and_counts_once(wire):
    first = wire.reply_text(wire.post(fixture("subscribe.xml")))
    text = fixture("text.xml").replace("投诉", "进度")
    a = wire.reply_text(wire.post(text))
    b = wire.reply_text(wire.post(text))  # WeChat retry: same MsgId, new timestamp and nonce
    assert a == b and a
    assert (
        InboundMessage.objects.filter(
            dedupe_key="msg:oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd:24312345678901234"
        ).count()
        == 1
    )
    assert first == wire.reply_text(
        wire.post(fixture("subscribe.xml"))
    )  # events: sender + CreateTime
    assert InboundMessage.objects.count() == 2


def test_a_retry_in_safe_mode_gets_the_same_reply(safe_wire):
    first = safe_wire.reply_text(safe_wire.post(fixture("text.xml")))
    again = safe_wire.reply_text(safe_wire.post(fixture("text.xml")))
    assert first == again
    assert InboundMessage.objects.count() == 1
