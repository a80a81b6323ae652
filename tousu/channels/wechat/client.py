"""Outgoing calls to the WeChat API: access token, customer-service and template
messages, media download, the custom menu.

HTTP goes through a *transport*, a callable ``(method, url, body) -> Response``. The
default uses ``urllib`` from the standard library; tests inject a fake, so the suite
never touches the network. Errors raise ``WeChatApiError``; the outbox worker that
calls these retries with backoff.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.utils import timezone

from tousu.channels.wechat.conf import config
from tousu.channels.wechat.models import AccessToken

# The token is stale or was replaced by a newer one: fetch a new token and retry once.
TOKEN_ERRORS = {40001, 40014, 42001}
# Ask for a new token this long before WeChat says the old one expires.
TOKEN_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


Transport = Callable[[str, str, bytes | None], Response]


class WeChatApiError(Exception):
    def __init__(self, errcode: int, errmsg: str = ""):
        self.errcode, self.errmsg = errcode, errmsg
        super().__init__(f"WeChat API error {errcode}: {errmsg}")


def urllib_transport(method: str, url: str, body: bytes | None) -> Response:
    request = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json; charset=utf-8")
    try:
        with urllib.request.urlopen(
            request, timeout=settings.TOUSU_WECHAT_HTTP_TIMEOUT
        ) as response:  # noqa: S310 - fixed https base
            # Media can be large; read at most the evidence ceiling plus one byte.
            data = response.read(settings.TOUSU_EVIDENCE_MAX_IMAGE_BYTES + 1)
            return Response(response.status, response.headers.get("Content-Type", ""), data)
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers.get("Content-Type", ""), error.read(65536))


# Replaced in tests (tests/wechat/conftest.py); a deployment could point it elsewhere.
default_transport: Transport = urllib_transport


class Client:
    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        transport: Transport | None = None,
        base: str | None = None,
    ):
        self.appid, self.secret = appid, secret
        self.transport = transport or default_transport
        self.base = (base or settings.TOUSU_WECHAT_API_BASE).rstrip("/")

    # --- access token -------------------------------------------------------------
    def access_token(self, *, refresh: bool = False) -> str:
        now = timezone.now()
        if not refresh:
            cached = AccessToken.objects.filter(appid=self.appid, expires_at__gt=now).first()
            if cached:
                return cached.token
        query = urllib.parse.urlencode(
            {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        )
        data = self._json(self.transport("GET", f"{self.base}/cgi-bin/token?{query}", None))
        token, expires_in = data.get("access_token"), int(data.get("expires_in", 7200))
        if not token:
            raise WeChatApiError(-1, "no access_token in the answer")
        AccessToken.objects.update_or_create(
            appid=self.appid,
            defaults={
                "token": token,
                "expires_at": now + timedelta(seconds=expires_in) - TOKEN_MARGIN,
            },
        )
        return token

    def _call(
        self, method: str, path: str, params: dict | None = None, payload: dict | None = None
    ) -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
        for attempt in (1, 2):
            query = urllib.parse.urlencode(
                {"access_token": self.access_token(refresh=attempt == 2), **(params or {})}
            )
            response = self.transport(method, f"{self.base}{path}?{query}", body)
            if not _is_json(response):
                return response
            try:
                self._json(response)
            except WeChatApiError as error:
                if error.errcode in TOKEN_ERRORS and attempt == 1:
                    continue
                raise
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _json(response: Response) -> dict:
        if response.status >= 400:
            raise WeChatApiError(-response.status, f"HTTP {response.status}")
        try:
            data = json.loads(response.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise WeChatApiError(-1, "answer is not JSON") from error
        if data.get("errcode"):
            raise WeChatApiError(int(data["errcode"]), str(data.get("errmsg", "")))
        return data

    # --- messages -----------------------------------------------------------------
    def send_text(self, openid: str, text: str) -> None:
        """A customer-service message; allowed within 48 h of the user's last message."""
        self._call(
            "POST",
            "/cgi-bin/message/custom/send",
            payload={"touser": openid, "msgtype": "text", "text": {"content": text}},
        )

    def send_template(
        self,
        openid: str,
        template_id: str,
        data: dict[str, str],
        url: str = "",
        client_msg_id: str = "",
    ) -> None:
        """A template notification; allowed at any time to followers. WeChat sends one
        message per openid and ``client_msg_id`` (within 10 minutes): a retry after a lost
        answer does not send it twice."""
        payload: dict = {
            "touser": openid,
            "template_id": template_id,
            "data": {key: {"value": value} for key, value in data.items()},
        }
        if url:
            payload["url"] = url
        if client_msg_id:
            payload["client_msg_id"] = client_msg_id
        self._call("POST", "/cgi-bin/message/template/send", payload=payload)

    def create_menu(self, menu: dict) -> None:
        """Replace the account's custom menu (``/cgi-bin/menu/create``); see menu.py."""
        self._call("POST", "/cgi-bin/menu/create", payload=menu)

    def download_media(self, media_id: str) -> Response:
        """The bytes of a temporary media file (a user's photo); kept 3 days by WeChat."""
        response = self._call("GET", "/cgi-bin/media/get", params={"media_id": media_id})
        if response.status >= 400:
            raise WeChatApiError(-response.status, f"HTTP {response.status}")
        return response


def _is_json(response: Response) -> bool:
    kind = response.content_type.split(";")[0].strip().lower()
    return kind in {"application/json", "text/plain", "text/json"} or response.status >= 400


def get_client(transport: Transport | None = None) -> Client:
    cfg = config()
    return Client(cfg.appid, cfg.secret, transport=transport)
