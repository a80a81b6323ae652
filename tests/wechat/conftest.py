"""The WeChat channel's test kit: known credentials, a fake WeChat API, a signed poster."""

from __future__ import annotations

import itertools
import json
import secrets
import time
import urllib.parse
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import png_bytes
from tousu.channels.wechat import client as wechat_client
from tousu.channels.wechat import crypto
from tousu.channels.wechat.client import Response
from tousu.channels.wechat.simulator import message_xml

FIXTURES = Path(__file__).resolve().parents[2] / "tousu/channels/wechat/fixtures"
TOKEN = "test-token-8f3a"
APPID = "wx1234567890abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


class FakeWeChatApi:
    """Stands in for api.weixin.qq.com; records every call. No socket is opened."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict, dict | None]] = []
        self.tokens = itertools.count(1)
        self.fail_next: list[dict] = []  # JSON error answers to give before the real one
        self.media = png_bytes()

    def __call__(self, method: str, url: str, body: bytes | None) -> Response:
        parsed = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        payload = json.loads(body) if body else None
        self.calls.append((method, parsed.path, query, payload))
        if parsed.path == "/cgi-bin/token":
            return self._json({"access_token": f"TOKEN-{next(self.tokens)}", "expires_in": 7200})
        if self.fail_next:
            return self._json(self.fail_next.pop(0))
        if parsed.path == "/cgi-bin/media/get":
            return Response(200, "image/png", self.media)
        return self._json({"errcode": 0, "errmsg": "ok"})

    @staticmethod
    def _json(data: dict) -> Response:
        return Response(200, "application/json; encoding=utf-8", json.dumps(data).encode())

    def sent(self, path: str) -> list[dict]:
        return [payload for _m, p, _q, payload in self.calls if p == path]


@pytest.fixture(autouse=True)
def wechat_settings(settings):
    settings.TOUSU_WECHAT_TOKEN = TOKEN
    settings.TOUSU_WECHAT_APPID = APPID
    settings.TOUSU_WECHAT_AES_KEY = AES_KEY
    settings.TOUSU_WECHAT_SECRET = "test-secret"
    settings.TOUSU_WECHAT_MAX_SKEW = 300
    # Plaintext and encrypted posts both work; tests of safe mode set "safe".
    settings.TOUSU_WECHAT_ENCODING_MODE = "compatible"
    settings.TOUSU_WECHAT_API_BASE = "https://api.weixin.test"
    return settings


@pytest.fixture(autouse=True)
def wechat_api(monkeypatch) -> FakeWeChatApi:
    fake = FakeWeChatApi()
    monkeypatch.setattr(wechat_client, "default_transport", fake)
    return fake


class Wire:
    """Posts to the endpoint as the WeChat servers do: signed, optionally encrypted."""

    def __init__(self, encrypted: bool = False):
        self.http = Client(enforce_csrf_checks=True)
        self.encrypted = encrypted
        self.crypt = crypto.MessageCrypt(TOKEN, AES_KEY, APPID)

    def query(self, timestamp: str | None = None, nonce: str | None = None, **extra) -> dict:
        """A freshly signed query, as WeChat sends each push (a new nonce every time)."""
        timestamp = timestamp or str(int(time.time()))
        nonce = nonce or str(secrets.randbelow(10**10))
        return {
            "signature": crypto.signature(TOKEN, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": "o",
            **extra,
        }

    def post_raw(self, body: bytes | str, query: dict):
        body = body.encode() if isinstance(body, str) else body
        return self.http.post(
            "/channels/wechat/?" + urllib.parse.urlencode(query), data=body, content_type="text/xml"
        )

    def post(self, plain_xml: str, **query_overrides):
        query = self.query()
        body = plain_xml
        if self.encrypted:
            encrypted = self.crypt.encrypt(plain_xml.encode())
            query |= {
                "encrypt_type": "aes",
                "msg_signature": crypto.signature(
                    TOKEN, query["timestamp"], query["nonce"], encrypted
                ),
            }
            body = f"<xml><ToUserName><![CDATA[gh_tousu_demo]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        query |= query_overrides
        return self.post_raw(body, query)

    def reply_text(self, response) -> str:
        """The text of the passive reply (decrypted and signature-checked in safe mode)."""
        from tousu.channels.wechat.xml import parse

        assert response.status_code == 200, response.content
        if response.content == b"success":
            return ""
        fields = parse(response.content)
        if self.encrypted:
            assert crypto.check_msg_signature(
                TOKEN,
                fields["MsgSignature"],
                fields["TimeStamp"],
                fields["Nonce"],
                fields["Encrypt"],
            )
            fields = parse(self.crypt.decrypt(fields["Encrypt"]))
        return fields["Content"]

    def say(self, openid: str, text: str = "", action: str = "text") -> str:
        """Send one message as user ``openid`` and return the reply text."""
        return self.reply_text(self.post(message_xml(openid, action, text)))


@pytest.fixture
def wire() -> Wire:
    return Wire(encrypted=False)


@pytest.fixture
def safe_wire() -> Wire:
    return Wire(encrypted=True)
