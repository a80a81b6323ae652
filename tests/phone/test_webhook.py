"""The telephony webhook: HMAC-SHA256 signature, timestamp skew, replay protection, events on the timeline,
recordings as evidence with their hash."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from tests.phone.conftest import CONSUMER_LINE, MERCHANT_LINE, MP3, SECRET
from tousu.channels.phone.models import Call, Recording, TelephonyEvent
from tousu.complaints.models import ComplaintEvent, Evidence


def ringing(sender, call_id="c-1", caller="138 1234 1234", line=CONSUMER_LINE):
    return sender.event(
        "ringing", call_id, **{"from": caller, "to": line, "at": "2026-03-02T10:00:00+08:00"}
    )


def nothing_written() -> bool:
    return not (TelephonyEvent.objects.exists() or Call.objects.exists())


def test_a_call_lands_on_the_callers_open_complaint(sender, consumer_line, complaint, agent):
    response = ringing(sender)
    assert response.status_code == 200 and response.json()["complaint"] == complaint.number
    call = Call.objects.get()
    assert (call.caller, call.consumer, call.complaint, call.hotline) == (
        "+8613812341234",
        complaint.consumer,
        complaint,
        consumer_line,
    )
    assert sender.event("answered", agent="agent").status_code == 200
    assert sender.event("ended", duration=192).status_code == 200
    call.refresh_from_db()
    assert (call.state, call.agent, call.duration_seconds) == ("ended", agent, 192)
    events = [e.data["call"]["event"] for e in complaint.events.filter(kind="call")]
    assert events == ["ringing", "answered", "ended"]
    ended = complaint.events.filter(kind="call").last()
    assert (
        ended.channel == "phone"
        and not ended.internal
        and "13812341234" not in json.dumps(ended.data)
    )


def test_timeline_names_the_call(client, consumer, sender, complaint, consumer_line):
    ringing(sender)
    sender.event("ended", duration=75)
    client.force_login(consumer)
    html = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "Phone call, 1 min 15 s" in html and "Phone hotline" in html
    assert "Incoming call" not in html  # staff-only entries


def test_a_recording_is_accepted_at_once_and_left_to_the_worker(
    sender, recordings, complaint, consumer_line
):
    url = "https://cc.example/rec/c-1.mp3"
    recordings.files[url] = MP3
    ringing(sender)
    response = sender.event("recording", recording_url=url, sha256=hashlib.sha256(MP3).hexdigest())
    assert response.status_code == 202
    assert response.json() == {
        "ok": True,
        "call": "c-1",
        "complaint": complaint.number,
        "recording": "pending",
    }
    assert recordings.fetched == [] and not Evidence.objects.exists()  # nothing downloaded
    assert Recording.objects.get().state == "pending"


@pytest.mark.parametrize(
    "fields, status, code",
    [
        ({"recording_url": "http://cc.example/rec.mp3"}, 422, "recording_rejected"),
        ({"recording_url": "https://elsewhere.example/rec.mp3"}, 422, "recording_rejected"),
        ({"recording_url": ""}, 400, "bad_event"),
        ({"recording_url": "https://cc.example/" + "a" * 500}, 400, "bad_event"),
        ({"recording_url": "https://cc.example/r.mp3", "sha256": "abc"}, 400, "bad_event"),
    ],
)
def test_a_recording_that_cannot_be_downloaded_is_refused_before_anything_is_written(
    sender, recordings, complaint, consumer_line, settings, fields, status, code
):
    settings.TOUSU_TELEPHONY_RECORDING_HOSTS = ["cc.example"]
    ringing(sender)
    response = sender.event("recording", **fields)
    assert response.status_code == status and response.json()["error"] == code
    assert not Recording.objects.exists() and recordings.fetched == []
    assert TelephonyEvent.objects.filter(kind="call.recording").count() == 0  # may be sent again


def test_unsigned_and_badly_signed_events_are_refused_without_side_effect(
    client, sender, consumer_line, complaint
):
    payload = {
        "id": "e1",
        "type": "call.ringing",
        "call_id": "c-1",
        "from": "13812341234",
        "to": CONSUMER_LINE,
    }
    assert sender.post(payload, signed=False).status_code == 401
    assert sender.post(payload, secret="wrong").status_code == 401
    body = json.dumps(payload).encode()
    stamp = str(int(time.time()))
    from tousu.channels.phone.webhook import sign

    tampered = json.dumps({**payload, "from": "13900000000"}).encode()
    response = client.post(
        "/channels/phone/events/",
        tampered,
        content_type="application/json",
        HTTP_X_TOUSU_TIMESTAMP=stamp,
        HTTP_X_TOUSU_SIGNATURE=sign(SECRET, stamp, body),
    )
    assert response.status_code == 401
    assert nothing_written() and not complaint.events.filter(kind="call").exists()


def test_stale_timestamps_are_refused(sender, consumer_line, settings):
    settings.TOUSU_TELEPHONY_MAX_SKEW = 300
    payload = {
        "id": "e1",
        "type": "call.ringing",
        "call_id": "c-1",
        "from": "13812341234",
        "to": CONSUMER_LINE,
    }
    assert sender.post(payload, timestamp=int(time.time()) - 301).status_code == 401
    assert sender.post(payload, timestamp=int(time.time()) + 301).status_code == 401
    assert nothing_written()
    assert sender.post(payload, timestamp=int(time.time()) - 200).status_code == 200


def test_a_replayed_event_is_refused_with_no_side_effect(sender, consumer_line, complaint):
    payload = {
        "id": "evt-42",
        "type": "call.ringing",
        "call_id": "c-1",
        "from": "13812341234",
        "to": CONSUMER_LINE,
    }
    assert sender.post(payload).status_code == 200
    before = ComplaintEvent.objects.count()
    again = sender.post(payload)  # same id, freshly signed: still a replay
    assert again.status_code == 409 and again.json()["error"] == "replayed"
    assert ComplaintEvent.objects.count() == before and Call.objects.count() == 1


def test_no_secret_no_events(client, settings, consumer_line):
    settings.TOUSU_TELEPHONY_SECRET = ""
    from tests.phone.conftest import Sender

    assert (
        Sender(client).post({"id": "x", "type": "call.ringing", "call_id": "c"}).status_code == 503
    )
    assert nothing_written()


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[]", json.dumps({"id": "x", "type": "call.exploded", "call_id": "c"}).encode()],
)
def test_malformed_events(sender, consumer_line, raw):
    assert sender.post({}, raw=raw).status_code == 400
    assert nothing_written()


def test_events_for_an_unknown_call_are_refused(sender, consumer_line):
    assert sender.event("answered", "nope").status_code == 409
    assert nothing_written()


def test_get_is_not_allowed(client, secret):
    assert client.get("/channels/phone/events/").status_code == 405


def test_merchant_line_call_is_not_put_on_a_consumer_complaint(sender, merchant_line, complaint):
    ringing(sender, line=MERCHANT_LINE)
    call = Call.objects.get()
    assert call.hotline == merchant_line and call.consumer is None and call.complaint is None
