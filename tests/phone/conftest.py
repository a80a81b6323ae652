"""Phone-channel fixtures: the seeded hotlines, a webhook sender, a fake recording server."""

from __future__ import annotations

import http.server
import json
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tousu.channels.phone import transport
from tousu.channels.phone.models import Hotline
from tousu.channels.phone.webhook import sign

SH = ZoneInfo("Asia/Shanghai")
SECRET = "test-telephony-secret"
CONSUMER_LINE = "+862153395288"
MERCHANT_LINE = "+862153395088"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def consumer_line(db):
    return Hotline.objects.get(number=CONSUMER_LINE)


@pytest.fixture
def merchant_line(db):
    return Hotline.objects.get(number=MERCHANT_LINE)


@pytest.fixture
def secret(settings):
    settings.TOUSU_TELEPHONY_SECRET = SECRET
    return SECRET


class Sender:
    """Plays the call-centre platform: signs and posts events."""

    def __init__(self, client):
        self.client = client
        self.n = 0

    def post(
        self,
        payload: dict,
        *,
        secret: str = SECRET,
        timestamp: int | None = None,
        signed: bool = True,
        raw: bytes | None = None,
    ):
        body = raw if raw is not None else json.dumps(payload).encode()
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {}
        if signed:
            headers = {
                "HTTP_X_TOUSU_TIMESTAMP": stamp,
                "HTTP_X_TOUSU_SIGNATURE": sign(secret, stamp, body),
            }
        return self.client.post(
            "/channels/phone/events/", body, content_type="application/json", **headers
        )

    def event(self, kind: str, call_id: str = "c-1", **fields):
        self.n += 1
        return self.post(
            {
                "id": f"evt-{call_id}-{kind}-{self.n}",
                "type": f"call.{kind}",
                "call_id": call_id,
                **fields,
            }
        )


@pytest.fixture
def sender(client, secret):
    return Sender(client)


class FakeRecordings:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.fetched: list[str] = []

    def __call__(self, url: str, limit: int) -> bytes:
        self.fetched.append(url)
        if url not in self.files:
            raise transport.RecordingUnavailable("404")
        return self.files[url]


@pytest.fixture
def recordings(monkeypatch):
    fake = FakeRecordings()
    monkeypatch.setattr(transport, "fetch", fake)
    return fake


MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(range(256)) * 4


@pytest.fixture
def api_client_for(db):
    """A bearer-token client for any user (tests/api's ApiClient)."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.api.conftest import ApiClient
    from tousu.accounts.models import ApiToken

    def make(user):
        _token, raw = ApiToken.issue(user, timezone.now() + timedelta(days=1))
        return ApiClient(raw)

    return make


class RecordingServer:
    """A call centre's file server on loopback, answering from ``script`` in order (then 404)
    and counting the requests it got. Plain HTTP: ``transport.SCHEMES`` is widened for it."""

    def __init__(self):
        self.script: list[tuple[int, dict, bytes]] = []
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.requests.append(self.path)
                status, headers, body = server.script.pop(0) if server.script else (404, {}, b"")
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/rec/c-1.mp3") -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def recording_server(monkeypatch, settings):
    server = RecordingServer()
    monkeypatch.setattr(transport, "SCHEMES", ("http", "https"))
    settings.TOUSU_TELEPHONY_RECORDING_HOSTS = ["127.0.0.1"]
    settings.TOUSU_TELEPHONY_HTTP_TIMEOUT = 5
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
