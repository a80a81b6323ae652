"""Signatures and the safe-mode crypt: the official sample vector and wechatpy as a peer."""

import base64

import pytest
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import check_signature as wechatpy_check_signature

from tests.wechat.conftest import AES_KEY, APPID, TOKEN
from tousu.channels.wechat import crypto
from tousu.channels.wechat.xml import parse

# The official sample of the message crypt (WXBizMsgCrypt "Sample.py", published with
# the WeChat developer documentation and reproduced verbatim by independent libraries).
OFFICIAL = dict(
    token="spamtest",
    key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    appid="wx2c2769f8efd9abc2",
    timestamp="1409735669",
    nonce="1320562132",
    msg_signature="5d197aaffba7e9b25a30732f161a50dee96bd5fa",
    encrypt=(
        "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFm"
        "OD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8d"
        "KOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5"
        "RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNP"
        "fUM669WuMyVWQLCzpu9GhglF2PE="
    ),
)


def test_official_sample_vector_signature_and_decryption():
    o = OFFICIAL
    assert crypto.check_msg_signature(
        o["token"], o["msg_signature"], o["timestamp"], o["nonce"], o["encrypt"]
    )
    message = crypto.MessageCrypt(o["token"], o["key"], o["appid"]).decrypt(o["encrypt"])
    fields = parse(message)
    assert fields == {
        "ToUserName": "gh_10f6c3c3ac5a",
        "FromUserName": "oyORnuP8q7ou2gfYjqLzSIWZf0rs",
        "CreateTime": "1409735668",
        "MsgType": "text",
        "Content": "abcdteT",
        "MsgId": "6054768590064713728",
    }


def test_official_vector_refused_for_another_appid_or_token():
    o = OFFICIAL
    with pytest.raises(crypto.CryptoError):
        crypto.MessageCrypt(o["token"], o["key"], "wx0000000000000000").decrypt(o["encrypt"])
    assert not crypto.check_msg_signature(
        "other", o["msg_signature"], o["timestamp"], o["nonce"], o["encrypt"]
    )


def test_url_signature_matches_wechatpy():
    sig = crypto.signature(TOKEN, "1795700000", "42")
    wechatpy_check_signature(TOKEN, sig, "1795700000", "42")  # raises if it disagrees
    assert crypto.check_signature(TOKEN, sig, "1795700000", "42")
    assert not crypto.check_signature(TOKEN, sig[:-1] + "0", "1795700000", "42")
    assert not crypto.check_signature(
        TOKEN, "签名", "1795700000", "42"
    )  # non-ASCII: refused, no exception


def test_wechatpy_decrypts_what_we_encrypt_and_we_decrypt_what_it_encrypts():
    ours = crypto.MessageCrypt(TOKEN, AES_KEY, APPID)
    peer = WeChatCrypto(TOKEN, AES_KEY, APPID)
    reply = "<xml><Content><![CDATA[您的投诉已受理]]></Content></xml>"
    wrapped = ours.wrap_reply(reply, "1795700000", "9876")
    fields = parse(wrapped)
    assert (
        peer.decrypt_message(wrapped, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])
        == reply
    )

    theirs = peer.encrypt_message(reply, "5555", "1795700001")
    fields = parse(theirs)
    assert crypto.check_msg_signature(
        TOKEN, fields["MsgSignature"], "1795700001", "5555", fields["Encrypt"]
    )
    assert ours.decrypt(fields["Encrypt"]).decode() == reply


def test_padding_is_to_32_byte_blocks():
    ours = crypto.MessageCrypt(TOKEN, AES_KEY, APPID)
    for size in (0, 1, 11, 12, 13, 31, 32, 100):
        encrypted = base64.b64decode(ours.encrypt(b"x" * size))
        assert len(encrypted) % 32 == 0
        assert ours.decrypt(base64.b64encode(encrypted).decode()) == b"x" * size


@pytest.mark.parametrize(
    "garbage",
    ["", "not base64!", base64.b64encode(b"short").decode(), base64.b64encode(b"\0" * 32).decode()],
)
def test_garbage_ciphertext_is_refused(garbage):
    with pytest.raises(crypto.CryptoError):
        crypto.MessageCrypt(TOKEN, AES_KEY, APPID).decrypt(garbage)


def test_aes_key_must_be_43_characters():
    with pytest.raises(crypto.CryptoError):
        crypto.MessageCrypt(TOKEN, AES_KEY[:-1], APPID)
