"""One signed URL carries one message; WeChat's retries get the cached reply; the reply
cache is keyed by sender and MsgId (events: sender, CreateTime, event and EventKey)."""

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.file_db import ROOT, SQLITE_ONLY, prepare
from tests.wechat.conftest import AES_KEY, APPID, TOKEN, fixture
from tousu.channels.wechat import crypto
from tousu.channels.wechat.dialogue import KEEP_SEEN
from tousu.channels.wechat.models import Conversation, InboundMessage, SeenRequest
from tousu.channels.wechat.xml import Inbound

pytestmark = pytest.mark.django_db
USER = "oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd"
HELP = fixture("text.xml").replace("投诉", "帮助")
STATUS = (
    fixture("text.xml").replace("投诉", "进度").replace("24312345678901234", "24312345678909999")
)
START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def encrypted_post(wire, plain: str, query: dict):
    """The same URL (timestamp, nonce, signature) with ``plain`` freshly encrypted in it."""
    encrypted = wire.crypt.encrypt(plain.encode())
    query = query | {
        "encrypt_type": "aes",
        "msg_signature": crypto.signature(TOKEN, query["timestamp"], query["nonce"], encrypted),
    }
    return wire.post_raw(f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>", query)


# --- replays ----------------------------------------------------------------------------


def test_a_signed_url_cannot_carry_a_second_message(wire):
    query = wire.query()
    assert wire.post_raw(fixture("subscribe.xml"), query).status_code == 200
    # Someone who saw the URL posts their own message under it, as another user.
    forged = HELP.replace(USER, "o-victim")
    response = wire.post_raw(forged, query)
    assert response.status_code == 403 and response.content == b"replayed request"
    assert not Conversation.objects.filter(openid="o-victim").exists()
    assert InboundMessage.objects.count() == 1


def test_wechat_retrying_on_the_same_url_gets_the_cached_reply(wire):
    # WeChat's retries may reuse the URL: same timestamp, nonce and signature, same body.
    query = wire.query()
    first = wire.reply_text(wire.post_raw(HELP, query))
    again = wire.reply_text(wire.post_raw(HELP, query))
    assert first == again and "催办" in first
    assert InboundMessage.objects.count() == 1 and SeenRequest.objects.count() == 1


def test_in_safe_mode_a_retry_may_be_encrypted_afresh_but_a_new_message_is_refused(
    safe_wire, wechat_settings
):
    wechat_settings.TOUSU_WECHAT_ENCODING_MODE = "safe"
    query = safe_wire.query()
    first = safe_wire.reply_text(encrypted_post(safe_wire, HELP, query))
    retry = encrypted_post(safe_wire, HELP, query)  # other random bytes, other Encrypt
    assert safe_wire.reply_text(retry) == first
    replay = encrypted_post(safe_wire, STATUS, query)
    assert replay.status_code == 403 and replay.content == b"replayed request"
    assert InboundMessage.objects.count() == 1


def test_a_fresh_nonce_is_accepted(wire):
    assert wire.post(HELP).status_code == 200
    assert wire.post(STATUS).status_code == 200
    assert wire.post(HELP).status_code == 200  # a retry with a new nonce: the cached reply
    assert SeenRequest.objects.count() == 3 and InboundMessage.objects.count() == 2


def test_a_refused_request_does_not_use_up_its_nonce(wire):
    query = wire.query()
    assert wire.post_raw(HELP, query | {"signature": "0" * 40}).status_code == 403
    assert wire.post_raw(fixture("text.xml").replace("<MsgType>", "<x>"), query).status_code == 400
    assert not SeenRequest.objects.exists()
    assert wire.post_raw(HELP, query).status_code == 200


def test_the_memory_is_the_database_not_the_process(wire):
    """A URL another web process accepted (a row it committed) is refused here too."""
    query = wire.query()
    key = hashlib.sha256(
        f"{query['timestamp']}\n{query['nonce']}\n{query['signature']}".encode()
    ).hexdigest()
    SeenRequest.objects.create(
        key=key, message_sha256="0" * 64, expires_at=timezone.now() + timedelta(minutes=5)
    )
    assert wire.post_raw(HELP, query).status_code == 403
    assert not InboundMessage.objects.exists()


def test_urls_are_forgotten_once_their_timestamp_is_stale(wire):
    with time_machine.travel(START, tick=False):
        old = wire.query()
        assert wire.post_raw(HELP, old).status_code == 200
        assert SeenRequest.objects.get().expires_at == START + timedelta(seconds=300)
    with time_machine.travel(START + timedelta(seconds=299), tick=False):
        assert wire.post_raw(STATUS, old).content == b"replayed request"  # still remembered
        assert wire.post(STATUS).status_code == 200
        assert SeenRequest.objects.count() == 2
    with time_machine.travel(START + timedelta(seconds=301), tick=False):
        assert wire.post_raw(STATUS, old).content == b"stale timestamp"
        assert wire.post(fixture("subscribe.xml")).status_code == 200  # purges on insert
        expiries = sorted(SeenRequest.objects.values_list("expires_at", flat=True))
        assert expiries == [START + timedelta(seconds=599), START + timedelta(seconds=601)]


def test_without_the_timestamp_check_urls_are_kept_as_long_as_replies(wire, settings):
    settings.TOUSU_WECHAT_MAX_SKEW = 0
    with time_machine.travel(START, tick=False):
        query = wire.query(timestamp="1409735669")  # 2014: accepted, the check is off
        assert wire.post_raw(HELP, query).status_code == 200
        assert SeenRequest.objects.get().expires_at == START + KEEP_SEEN
    with time_machine.travel(START + KEEP_SEEN - timedelta(seconds=1), tick=False):
        assert wire.post_raw(STATUS, query).content == b"replayed request"


REPLAY_SCRIPT = """
import django, json, os, sys, urllib.parse
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
query, body = json.loads(sys.argv[1]), sys.argv[2]
response = Client().post("/channels/wechat/?" + urllib.parse.urlencode(query), data=body.encode(), content_type="text/xml")
print(response.status_code, response.content.decode()[:40])
"""


@SQLITE_ONLY
def test_web_processes_share_the_memory(tmp_path, wire):
    env = prepare(
        tmp_path,
        TOUSU_WECHAT_TOKEN=TOKEN,
        TOUSU_WECHAT_APPID=APPID,
        TOUSU_WECHAT_AES_KEY=AES_KEY,
        TOUSU_WECHAT_ENCODING_MODE="compatible",
    )
    query = json.dumps(wire.query())

    def post_in_a_new_process(body: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", REPLAY_SCRIPT, query, body],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    assert post_in_a_new_process(HELP).startswith("200 <xml>")
    assert post_in_a_new_process(STATUS) == "403 replayed request"


# --- the reply cache key ----------------------------------------------------------------


def test_two_users_with_the_same_msgid_get_their_own_replies(wire):
    mine = wire.reply_text(wire.post(HELP))
    theirs = wire.reply_text(wire.post(fixture("text.xml").replace(USER, "o-someone-else")))
    assert "催办" in mine and "mobile number" not in mine
    assert "mobile number" in theirs  # their 投诉 starts binding: not my help text
    assert sorted(InboundMessage.objects.values_list("dedupe_key", flat=True)) == [
        "msg:o-someone-else:24312345678901234",
        f"msg:{USER}:24312345678901234",
    ]


def test_two_events_of_one_user_in_the_same_second_are_both_answered(wire):
    welcome = wire.reply_text(wire.post(fixture("subscribe.xml")))
    view = fixture("event_view.xml").replace("1795700240", "1795699990")  # the subscribe's second
    assert "投诉" in welcome
    assert wire.post(view).content == b"success"  # not the cached welcome
    assert InboundMessage.objects.count() == 2


def test_long_keys_are_hashed_whole_never_cut():
    base = dict(account="gh", openid="o" * 64, create_time=1, msg_type="text")
    one, two = Inbound(**base, msg_id="1" * 80 + "2"), Inbound(**base, msg_id="1" * 80 + "3")
    assert one.dedupe_key != two.dedupe_key
    assert len(one.dedupe_key) <= 100 and one.dedupe_key.startswith("sha256:")
    assert Inbound(**base, msg_id="42").dedupe_key == f"msg:{'o' * 64}:42"


def test_event_keys_hold_the_event_and_its_key():
    base = dict(account="gh", openid="o1", create_time=7, msg_type="event")
    keys = {
        Inbound(**base, event="subscribe").dedupe_key,
        Inbound(**base, event="click", event_key="TOUSU_STATUS").dedupe_key,
        Inbound(**base, event="click", event_key="TOUSU_HUMAN").dedupe_key,
    }
    assert keys == {
        "evt:o1:7:subscribe:",
        "evt:o1:7:click:TOUSU_STATUS",
        "evt:o1:7:click:TOUSU_HUMAN",
    }
