"""Malformed requests to the telephony webhook: one JSON error shape, a 4xx, nothing written."""

from __future__ import annotations

import json
import time

import pytest

from tests.phone.conftest import CONSUMER_LINE, SECRET
from tousu.channels.phone.models import Call, TelephonyEvent
from tousu.channels.phone.webhook import sign

URL = "/channels/phone/events/"
RINGING = {
    "id": "evt-1",
    "type": "call.ringing",
    "call_id": "c-1",
    "from": "13812341234",
    "to": CONSUMER_LINE,
}


def nothing_written() -> bool:
    return not (TelephonyEvent.objects.exists() or Call.objects.exists())


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["ok"] is False and body["error"] == code and body["message"]
    assert set(body) == {"ok", "error", "message"}


def post(client, body: bytes, **headers):
    return client.generic("POST", URL, body, content_type="application/json", **headers)


def signed(body: bytes, stamp: str | None = None) -> dict:
    stamp = stamp or str(int(time.time()))
    return {"HTTP_X_TOUSU_TIMESTAMP": stamp, "HTTP_X_TOUSU_SIGNATURE": sign(SECRET, stamp, body)}


@pytest.mark.parametrize("header", ["HTTP_X_TOUSU_SIGNATURE", "HTTP_X_TOUSU_TIMESTAMP"])
@pytest.mark.parametrize("value", ["sha256=²", "签名", "é" * 71])
def test_non_ascii_signature_headers_are_refused(client, secret, db, header, value):
    body = json.dumps(RINGING).encode()
    response = post(client, body, **{**signed(body), header: value})
    assert_error(response, 401, "bad_signature")
    assert nothing_written()


@pytest.mark.parametrize("stamp", ["²", "١٧٠٠٠٠٠٠٠٠", "1_700_000_000", "1" * 5000])
def test_a_correctly_signed_timestamp_that_is_not_a_number_is_refused(client, secret, db, stamp):
    body = json.dumps(RINGING).encode()
    assert_error(post(client, body, **signed(body, stamp)), 401, "bad_timestamp")
    assert nothing_written()


@pytest.mark.parametrize("length", ["abc", "²", "-1", "1" * 5000, "1e3"])
def test_a_malformed_content_length_is_refused(client, secret, db, length):
    body = json.dumps(RINGING).encode()
    response = post(client, body, CONTENT_LENGTH=length, **signed(body))
    assert_error(response, 400, "bad_length")
    assert nothing_written()


@pytest.mark.parametrize(
    "raw",
    [
        b'{"id": "evt-1", "type": "call.ringing", "call_id": "c-1", "from": "\\ud800", "to": "x"}',
        b'{"id": "\\udfff", "type": "call.ringing", "call_id": "c-1"}',
    ],
)
def test_a_lone_surrogate_is_refused(client, secret, db, raw):
    assert_error(post(client, raw, **signed(raw)), 400, "bad_json")
    assert nothing_written()


def test_a_nul_character_is_refused(client, secret, db):
    # Valid JSON; PostgreSQL could neither store it nor look a call up by it.
    raw = b'{"id": "evt-1", "type": "call.ringing", "call_id": "c-\\u0000", "to": "x"}'
    assert_error(post(client, raw, **signed(raw)), 400, "bad_json")
    assert nothing_written()


def test_an_impossible_date_is_refused(client, secret, db, consumer_line):
    body = json.dumps({**RINGING, "at": "2026-02-30T10:00:00+08:00"}).encode()
    assert_error(post(client, body, **signed(body)), 400, "bad_event")
    assert nothing_written()


@pytest.mark.parametrize("duration", [2**63, True, -1, "60"])
def test_a_duration_out_of_range_is_not_recorded(sender, consumer_line, duration):
    sender.event("ringing", **{"from": "13812341234", "to": CONSUMER_LINE})
    response = sender.event("ended", duration=duration)
    assert_error(response, 400, "bad_event")
    assert Call.objects.get().state == "ringing"


def test_wrong_method_is_json_405(client, secret, db):
    response = client.get(URL)
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"


def test_messages_follow_the_platform_language(client, secret, db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    body = json.dumps(RINGING).encode()
    response = post(client, body, HTTP_X_TOUSU_TIMESTAMP="1", HTTP_X_TOUSU_SIGNATURE="sha256=0")
    assert response.json()["error"] == "bad_signature"
    assert "签名" in response.json()["message"]
