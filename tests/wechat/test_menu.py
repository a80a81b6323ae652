"""The custom menu: CLICK events run the command of their button, and ``tousu wechat_menu``
creates the menu through the menu API (here a fake WeChat API on 127.0.0.1, reached over
real HTTP by the client's own urllib transport)."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from tests.wechat.test_dialogue import OPENID, bind, sms  # noqa: F401 (the sms fixture)
from tousu.channels.wechat import client as wechat_client
from tousu.channels.wechat import menu
from tousu.channels.wechat.commands import MENU_COMPLAIN, MENU_HUMAN, MENU_STATUS
from tousu.channels.wechat.models import Binding, Conversation, InboundMessage, State
from tousu.channels.wechat.simulator import message_xml
from tousu.complaints.choices import EventKind

pytestmark = pytest.mark.django_db


def click(wire, key: str, openid: str = OPENID, now: int | None = None) -> str:
    return wire.reply_text(wire.post(message_xml(openid, "click", key, now=now)))


# --- CLICK events -------------------------------------------------------------------


def test_complain_button_binds_then_lists_the_orders(wire, sms, consumer, order):  # noqa: F811
    assert "mobile number" in click(wire, MENU_COMPLAIN)
    wire.say(OPENID, "13812341234")
    listed = wire.say(OPENID, sms.last_code())
    assert "Which order" in listed and order.number in listed
    assert Conversation.objects.get().state == State.ORDER


def test_progress_button_shows_the_complaints(wire, consumer, complaint):
    Binding.objects.create(openid=OPENID, user=consumer)
    reply = click(wire, MENU_STATUS)
    assert "Your latest complaints" in reply and complaint.number in reply


def test_service_button_hands_over_to_an_agent(wire, consumer, complaint):
    Binding.objects.create(openid=OPENID, user=consumer)
    assert "customer service about complaint " + complaint.number in click(wire, MENU_HUMAN)
    assert Conversation.objects.get().state == State.HUMAN


def test_a_button_tapped_while_talking_to_an_agent_is_not_relayed(wire, consumer, complaint):
    Binding.objects.create(openid=OPENID, user=consumer)
    wire.say(OPENID, "人工")
    assert complaint.number in click(wire, MENU_STATUS)
    assert not complaint.events.filter(kind=EventKind.MESSAGE).exists()


def test_an_unknown_key_gets_the_help_text(wire, consumer):
    reply = click(wire, "SOMETHING_ELSE")
    assert "投诉" in reply and "催办" in reply


def test_subscribe_and_a_click_in_the_same_second_are_both_answered(wire, consumer, complaint):
    Binding.objects.create(openid=OPENID, user=consumer)
    second = 1795699990
    welcome = wire.reply_text(wire.post(message_xml(OPENID, "subscribe", now=second)))
    status = click(wire, MENU_STATUS, now=second)
    assert "Welcome" in welcome and complaint.number in status and "Welcome" not in status
    other = click(wire, MENU_HUMAN, now=second)  # another button in that second too
    assert "customer service about complaint" in other
    assert InboundMessage.objects.count() == 3
    assert click(wire, MENU_HUMAN, now=second) == other  # WeChat's retry: the cached reply


# --- creating the menu -----------------------------------------------------------------


class FakeMenuApi:
    """The token and menu endpoints of api.weixin.qq.com, on a loopback port."""

    def __init__(self):
        self.menus: list[tuple[dict, bytes]] = []  # (query, raw body)
        self.menu_answer = {"errcode": 0, "errmsg": "ok"}
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path, query = self._split()
                assert path == "/cgi-bin/token", path
                assert query["appid"] == "wx1234567890abcdef" and query["secret"] == "test-secret"
                self._answer({"access_token": "LOOPBACK-TOKEN", "expires_in": 7200})

            def do_POST(self):
                path, query = self._split()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                assert path == "/cgi-bin/menu/create", path
                api.menus.append((query, body))
                self._answer(api.menu_answer)

            def _split(self):
                parsed = urllib.parse.urlsplit(self.path)
                return parsed.path, dict(urllib.parse.parse_qsl(parsed.query))

            def _answer(self, data):
                payload = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; encoding=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()


@pytest.fixture
def menu_api(settings, monkeypatch):
    api = FakeMenuApi()
    settings.TOUSU_WECHAT_API_BASE = api.url
    monkeypatch.setattr(wechat_client, "default_transport", wechat_client.urllib_transport)
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    yield api
    api.server.shutdown()
    api.server.server_close()


def test_the_command_creates_the_menu_in_chinese(menu_api, chinese_default, capsys):
    call_command("wechat_menu")
    [(query, body)] = menu_api.menus
    assert query == {"access_token": "LOOPBACK-TOKEN"}
    assert "我要投诉".encode() in body  # UTF-8 as WeChat wants it, not \\u escapes
    assert json.loads(body) == {
        "button": [
            {"type": "click", "name": "我要投诉", "key": MENU_COMPLAIN},
            {"type": "click", "name": "查进度", "key": MENU_STATUS},
            {"type": "click", "name": "人工客服", "key": MENU_HUMAN},
        ]
    }
    assert "Menu created: 我要投诉 / 查进度 / 人工客服" in capsys.readouterr().out


def test_a_refused_menu_is_an_error_with_wechats_words(menu_api):
    menu_api.menu_answer = {"errcode": 40018, "errmsg": "invalid button name size"}
    with pytest.raises(CommandError, match="40018: invalid button name size"):
        call_command("wechat_menu")


def test_an_unreachable_api_is_an_error(menu_api, settings):
    menu_api.server.shutdown()
    menu_api.server.server_close()
    with pytest.raises(CommandError, match="Could not reach the WeChat API"):
        call_command("wechat_menu")


def test_without_the_secret_nothing_is_called(menu_api, settings):
    settings.TOUSU_WECHAT_SECRET = ""
    with pytest.raises(CommandError, match="TOUSU_WECHAT_SECRET"):
        call_command("wechat_menu")
    assert menu_api.menus == []


def test_dry_run_prints_the_menu_and_calls_nothing(menu_api, capsys):
    call_command("wechat_menu", "--dry-run")
    assert json.loads(capsys.readouterr().out) == menu.definition()
    assert menu_api.menus == []


def test_button_names_fit_wechats_limit(chinese_default):
    for button in menu.definition()["button"]:
        assert len(button["name"].encode()) <= menu.MAX_NAME_BYTES
