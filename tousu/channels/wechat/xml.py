"""Reading and writing the protocol's XML, safely.

Incoming XML is parsed by defusedxml with DTDs, entity declarations and external
references forbidden: an XXE or billion-laughs payload is refused before any entity
is expanded. The body is capped by the view before it gets here.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from tousu.cursors import parse_key

# InboundMessage.dedupe_key's max_length.
DEDUPE_KEY_LENGTH = 100


class XmlRefused(ValueError):
    """Not a well-formed, entity-free ``<xml>…</xml>`` document."""


def parse(body: bytes | str) -> dict[str, str]:
    """The top-level fields of a WeChat XML document, as text."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as error:
        raise XmlRefused(str(error)) from error
    if root.tag != "xml":
        raise XmlRefused("root element is not <xml>")
    return {child.tag: (child.text or "").strip() for child in root}


def cdata(text: str) -> str:
    # "]]>" cannot appear inside a CDATA section: split it across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass(frozen=True)
class Inbound:
    """One message or event from a WeChat user."""

    account: str  # ToUserName: our official account's id
    openid: str  # FromUserName
    create_time: int
    msg_type: str
    content: str = ""
    media_id: str = ""
    pic_url: str = ""
    event: str = ""
    event_key: str = ""
    msg_id: str = ""

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> "Inbound":
        create_time = parse_key(fields.get("CreateTime", ""))
        if create_time is None:
            raise XmlRefused("CreateTime is not a number")
        openid, msg_type = fields.get("FromUserName", ""), fields.get("MsgType", "").lower()
        if not openid or not msg_type or len(openid) > 64:
            raise XmlRefused("FromUserName or MsgType missing")
        return cls(
            account=fields.get("ToUserName", ""),
            openid=openid,
            create_time=create_time,
            msg_type=msg_type,
            content=fields.get("Content", ""),
            media_id=fields.get("MediaId", ""),
            pic_url=fields.get("PicUrl", ""),
            event=fields.get("Event", "").lower(),
            event_key=fields.get("EventKey", ""),
            msg_id=fields.get("MsgId", ""),
        )

    @property
    def dedupe_key(self) -> str:
        """What a WeChat retry has in common with the first attempt (the reply-cache key).

        Messages: the sender and MsgId (a MsgId is only unique per user, not per
        account). Events have no MsgId: sender and CreateTime, as WeChat documents, plus
        the event type and its EventKey, since several events of one user can share a
        second (a subscribe and a menu CLICK, a LOCATION report and a menu VIEW, two
        buttons tapped quickly). A key over the column's length is hashed whole, never
        cut, so two long keys cannot collide on their common prefix.
        """
        if self.msg_id:
            key = f"msg:{self.openid}:{self.msg_id}"
        else:
            key = f"evt:{self.openid}:{self.create_time}:{self.event}:{self.event_key}"
        if len(key) <= DEDUPE_KEY_LENGTH:
            return key
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def text_reply(to: str, account: str, text: str, now: int | None = None) -> str:
    """A passive text reply from ``account`` to the user ``to``."""
    return (
        f"<xml><ToUserName>{cdata(to)}</ToUserName><FromUserName>{cdata(account)}</FromUserName>"
        f"<CreateTime>{now or int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(text)}</Content></xml>"
    )
