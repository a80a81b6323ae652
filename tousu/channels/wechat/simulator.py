"""Play the WeChat server against the endpoint, speaking the real protocol.

Builds the XML a WeChat user's message or event arrives as, signs it with the token,
optionally encrypts it (safe mode), sends it to the endpoint, then checks the reply's
signature, decrypts it and reads the text. Used by the staff page
/channels/wechat/simulator/ and by ``tousu wechat_simulate``.

SMS codes for binding: with the default logging SMS provider the simulator shows the
SMS sent while it handled a message, so the binding step can be completed offline.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from tousu.channels.wechat import crypto
from tousu.channels.wechat.conf import WechatConfig
from tousu.channels.wechat.xml import XmlRefused, cdata, parse

ACCOUNT = "gh_tousu_demo"  # the official account's original id, as ToUserName
Sender = Callable[[dict[str, str], bytes], tuple[int, bytes]]
_msg_ids = itertools.count(int(time.time() * 1000) * 1000)


def in_process_sender(path: str = "/channels/wechat/") -> Sender:
    """Send through Django's full request handling (middleware, URLs, view) in this process."""
    from django.test import Client

    client = Client()

    def send(query: dict[str, str], body: bytes) -> tuple[int, bytes]:
        response = client.post(
            f"{path}?{urllib.parse.urlencode(query)}", data=body, content_type="text/xml"
        )
        return response.status_code, response.content

    return send


def http_sender(url: str, timeout: float = 10.0) -> Sender:
    """Send over HTTP to a running server."""

    def send(query: dict[str, str], body: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(
            f"{url}?{urllib.parse.urlencode(query)}",
            data=body,
            method="POST",
            headers={"Content-Type": "text/xml"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - operator-given URL
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    return send


def message_xml(openid: str, action: str, text: str = "", now: int | None = None) -> str:
    """The plaintext XML WeChat would send for ``action`` (text, image, subscribe, unsubscribe,
    or click: a custom-menu button, ``text`` being its key)."""
    now = now or int(time.time())
    head = (
        f"<ToUserName>{cdata(ACCOUNT)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
        f"<CreateTime>{now}</CreateTime>"
    )
    if action in {"subscribe", "unsubscribe"}:
        return (
            f"<xml>{head}<MsgType><![CDATA[event]]></MsgType><Event>{cdata(action)}</Event></xml>"
        )
    if action == "click":
        return (
            f"<xml>{head}<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
            f"<EventKey>{cdata(text)}</EventKey></xml>"
        )
    msg_id = next(_msg_ids)
    if action == "image":
        media = f"SIM-MEDIA-{secrets.token_hex(8)}"
        return (
            f"<xml>{head}<MsgType><![CDATA[image]]></MsgType>"
            f"<PicUrl>{cdata('http://mmbiz.qpic.cn/mmbiz/simulated/0')}</PicUrl>"
            f"<MediaId>{cdata(media)}</MediaId><MsgId>{msg_id}</MsgId></xml>"
        )
    return (
        f"<xml>{head}<MsgType><![CDATA[text]]></MsgType><Content>{cdata(text)}</Content>"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


@dataclass
class Exchange:
    said: str
    request_xml: str
    status: int = 0
    reply: str = ""
    reply_xml: str = ""
    sms: list[str] = field(default_factory=list)
    error: str = ""

    def entries(self) -> list[dict]:
        rows = [{"who": "user", "text": self.said, "xml": self.request_xml}]
        rows += [{"who": "sms", "text": text, "xml": ""} for text in self.sms]
        if self.error:
            rows.append({"who": "error", "text": self.error, "xml": self.reply_xml})
        elif self.reply:
            rows.append({"who": "account", "text": self.reply, "xml": self.reply_xml})
        return rows


class Simulator:
    def __init__(self, cfg: WechatConfig, *, encrypted: bool, send: Sender):
        self.cfg, self.encrypted, self.transport = cfg, encrypted, send
        self.message_crypt = (
            crypto.MessageCrypt(cfg.token, cfg.aes_key, cfg.appid) if encrypted else None
        )

    def send(self, openid: str, action: str, text: str = "") -> Exchange:
        plain = message_xml(openid, action, text)
        said = {"image": "[photo]", "subscribe": "[follow]", "unsubscribe": "[unfollow]"}.get(
            action, f"[menu {text}]" if action == "click" else text
        )
        timestamp, nonce = str(int(time.time())), str(secrets.randbelow(10**10))
        query = {
            "signature": crypto.signature(self.cfg.token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "openid": openid,
        }
        body = plain
        if self.message_crypt is not None:
            encrypted = self.message_crypt.encrypt(plain.encode())
            query |= {
                "encrypt_type": "aes",
                "msg_signature": crypto.signature(self.cfg.token, timestamp, nonce, encrypted),
            }
            body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(encrypted)}</Encrypt></xml>"
        exchange = Exchange(
            said=said,
            request_xml=body if body == plain else f"{body}\n\n<!-- decrypted: -->\n{plain}",
        )
        with captured_sms() as sms:
            exchange.status, raw = self.transport(query, body.encode())
        exchange.sms = sms
        self._read_reply(exchange, raw)
        return exchange

    def _read_reply(self, exchange: Exchange, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace")
        exchange.reply_xml = text
        if exchange.status != 200:
            exchange.error = f"HTTP {exchange.status}: {text[:200]}"
            return
        if text in {"", "success"}:
            return
        try:
            fields = parse(raw)
            if self.message_crypt is not None:
                ok = crypto.check_msg_signature(
                    self.cfg.token,
                    fields.get("MsgSignature", ""),
                    fields.get("TimeStamp", ""),
                    fields.get("Nonce", ""),
                    fields.get("Encrypt", ""),
                )
                if not ok:
                    exchange.error = "reply signature does not verify"
                    return
                decrypted = self.message_crypt.decrypt(fields["Encrypt"])
                exchange.reply_xml = f"{text}\n\n<!-- decrypted: -->\n{decrypted.decode()}"
                fields = parse(decrypted)
            exchange.reply = fields.get("Content", "")
        except (XmlRefused, crypto.CryptoError, KeyError) as error:
            exchange.error = f"unreadable reply: {error}"


@contextmanager
def captured_sms() -> Iterator[list[str]]:
    """The SMS the logging provider 'sent' from this thread meanwhile."""
    captured: list[str] = []
    me = threading.get_ident()

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == me and str(record.msg).startswith("SMS "):
                _message_id, phone, text = record.args
                captured.append(f"→ {phone}: {text}")

    logger = logging.getLogger("tousu.notify")
    handler, level = Catch(), logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield captured
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
