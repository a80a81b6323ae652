"""Malformed query strings and headers on the WeChat endpoint: a 4xx naming the problem, nothing recorded."""

import urllib.parse

import pytest

from tests.wechat.conftest import fixture
from tousu.channels.wechat import crypto
from tousu.channels.wechat.models import Conversation, InboundMessage

pytestmark = pytest.mark.django_db


def nothing_recorded():
    return not InboundMessage.objects.exists() and not Conversation.objects.exists()


@pytest.mark.parametrize(
    "timestamp",
    ["²", "١٧٠٠٠٠٠٠٠٠", "１７００", "1_700_000_000", " 1700000000", "-1", "1" * 5000, "1e9"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_timestamp_that_is_not_ascii_digits_is_refused(wire, timestamp, method):
    query = wire.query(
        timestamp=timestamp, echostr="8435726491"
    )  # correctly signed over the odd timestamp
    if method == "get":
        response = wire.http.get("/channels/wechat/", query)
    else:
        response = wire.post_raw(fixture("text.xml"), query)
    assert response.status_code == 400
    assert response.content == b"timestamp is not a number"
    assert nothing_recorded()


def test_a_far_future_timestamp_is_stale(wire):
    response = wire.post_raw(fixture("text.xml"), wire.query(timestamp="9" * 18))
    assert response.status_code == 403 and response.content == b"stale timestamp"


@pytest.mark.parametrize("length", ["²", "١٢", "abc", "-1", "1" * 5000])
def test_a_malformed_content_length_is_refused(wire, length):
    body = fixture("text.xml").encode()
    query = wire.query()
    response = wire.http.generic(
        "POST",
        "/channels/wechat/?" + urllib.parse.urlencode(query),
        body,
        content_type="text/xml",
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert response.content == b"bad Content-Length"
    assert nothing_recorded()


def test_a_non_ascii_signature_is_refused(wire):
    query = wire.query()
    query["signature"] = "签名" + query["signature"][2:]
    assert wire.post_raw(fixture("text.xml"), query).status_code == 403
    query = wire.query(encrypt_type="aes", msg_signature="²" * 40)
    assert wire.post_raw(fixture("text.xml"), query).status_code == 403
    assert nothing_recorded()


@pytest.mark.parametrize("create_time", ["²", "1" * 5000, str(10**30)])
def test_a_create_time_that_is_not_a_timestamp_is_refused(wire, create_time):
    body = fixture("text.xml").replace("<CreateTime>", "<CreateTime>" + create_time + "<!-- -->", 1)
    body = body.split("<!-- -->")[0] + "</CreateTime>" + body.split("</CreateTime>", 1)[1]
    assert wire.post(body).status_code == 400
    assert nothing_recorded()


def test_the_signature_helpers_accept_garbage(wire):
    assert not crypto.check_signature("t", "²", "²", "²")


@pytest.mark.parametrize("nonce", ["随机数", "n" * 5000, "1 2", "%00", "\x00"])
def test_an_odd_nonce_is_remembered_like_any_other(wire, nonce):
    query = wire.query(nonce=nonce)  # signed over the odd nonce: only WeChat could send it
    assert wire.post_raw(fixture("subscribe.xml"), query).status_code == 200
    response = wire.post_raw(fixture("text.xml"), query)
    assert response.status_code == 403 and response.content == b"replayed request"


@pytest.mark.parametrize("encrypt", ["", "²²²²", "not base64!", "QUJD"])
def test_a_signed_but_broken_encrypt_field_is_refused_in_safe_mode(wire, settings, encrypt):
    settings.TOUSU_WECHAT_ENCODING_MODE = "safe"
    query = wire.query(encrypt_type="aes")
    query["msg_signature"] = crypto.signature(
        wire.crypt.token, query["timestamp"], query["nonce"], encrypt
    )
    response = wire.post_raw(f"<xml><Encrypt>{encrypt}</Encrypt></xml>", query)
    assert response.status_code == 403 and response.content == b"cannot decrypt"
    assert nothing_recorded()
