"""Call recordings: the webhook only records the announcement; the worker downloads (retrying
what may pass, failing what will not) and attaches through ``uploads.add_evidence``, once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.phone.conftest import MERCHANT_LINE, MP3
from tests.phone.test_webhook import ringing
from tousu.channels.phone import recordings as jobs
from tousu.channels.phone.models import Call, Recording
from tousu.complaints.models import Evidence

DIGEST = hashlib.sha256(MP3).hexdigest()


@pytest.fixture
def announced(sender, recording_server, complaint, consumer_line, agent):
    """A call about alice's complaint, answered by the agent, its recording announced."""
    ringing(sender)
    sender.event("answered", agent="agent")
    response = sender.event("recording", recording_url=recording_server.url(), sha256=DIGEST)
    assert response.status_code == 202, response.content
    return Recording.objects.get()


def state(recording):
    recording.refresh_from_db()
    return recording.state, recording.attempts


def test_the_webhook_answers_without_calling_the_recording_server(announced, recording_server):
    assert recording_server.requests == []  # the webhook made no request at all
    assert (announced.state, announced.next_attempt_at is not None) == ("pending", True)
    recording_server.script = [(200, {"Content-Type": "audio/mpeg"}, MP3)]
    assert jobs.fetch_due() == 1
    assert recording_server.requests == ["/rec/c-1.mp3"]  # the worker did


def test_the_worker_downloads_and_attaches_it(announced, recording_server, complaint, agent):
    recording_server.script = [(200, {}, MP3)]
    call_command("worker", "--once")  # the job is one of the worker's
    evidence = Evidence.objects.get()
    assert (evidence.complaint, evidence.sha256, evidence.media_type, evidence.extension) == (
        complaint,
        DIGEST,
        "audio",
        "mp3",
    )
    assert (evidence.uploaded_by, evidence.channel, evidence.party) == (agent, "phone", "platform")
    announced.refresh_from_db()
    assert (announced.state, announced.evidence, announced.sha256) == ("attached", evidence, DIGEST)
    assert Call.objects.get().recording_sha256 == DIGEST


def test_failures_that_may_pass_are_retried_with_backoff(announced, recording_server, settings):
    settings.TOUSU_TELEPHONY_RECORDING_RETRY_SECONDS = 60
    recording_server.script = [
        (503, {}, b"busy"),
        (429, {"Retry-After": "600"}, b""),
        (408, {}, b""),
        (200, {}, MP3),
    ]
    now = timezone.now()
    jobs.fetch_due(now=now)
    assert state(announced) == ("pending", 1) and announced.error == "HTTP 503"
    assert announced.next_attempt_at == now + timedelta(seconds=60)
    assert jobs.fetch_due(now=now + timedelta(seconds=59)) == 0  # not before the backoff
    later = now + timedelta(seconds=60)
    jobs.fetch_due(now=later)
    assert state(announced) == ("pending", 2)  # 429: the server's Retry-After beats 120 s
    assert announced.next_attempt_at == later + timedelta(seconds=600)
    later += timedelta(seconds=600)
    jobs.fetch_due(now=later)
    assert state(announced) == ("pending", 3)
    assert announced.next_attempt_at == later + timedelta(seconds=240)
    jobs.fetch_due(now=later + timedelta(seconds=240))
    assert state(announced) == ("attached", 4) and Evidence.objects.count() == 1
    assert len(recording_server.requests) == 4


def test_the_network_failing_is_retried(announced, recording_server):
    recording_server.httpd.shutdown()
    recording_server.httpd.server_close()  # connection refused
    jobs.fetch_due()
    assert state(announced) == ("pending", 1) and "Connection" in announced.error


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_another_4xx_fails_at_once_and_agents_see_it(
    announced, recording_server, status, client, agent, consumer, complaint
):
    recording_server.script = [(status, {}, b"")]
    jobs.fetch_due()
    assert state(announced) == ("failed", 1)
    assert announced.error == f"HTTP {status}" and announced.next_attempt_at is None
    assert jobs.fetch_due(now=timezone.now() + timedelta(days=30)) == 0
    assert not Evidence.objects.exists()
    entry = complaint.events.get(kind="call", data__call__event="recording_failed")
    assert entry.internal and entry.data["call"]["error"] == f"HTTP {status}"
    client.force_login(agent)
    call_page = client.get("/desk/phone/calls/c-1/").content.decode()
    assert "Could not be downloaded" in call_page and f"HTTP {status}" in call_page
    assert "Could not be downloaded" in client.get("/desk/phone/").content.decode()
    workbench = client.get(f"/desk/c/{complaint.number}/").content.decode()
    assert f"Call recording could not be downloaded: HTTP {status}" in workbench
    client.force_login(consumer)  # a staff-only entry
    assert (
        "could not be downloaded"
        not in client.get(f"/complaints/{complaint.number}/").content.decode()
    )


def test_gives_up_after_the_last_try(announced, recording_server, settings):
    settings.TOUSU_TELEPHONY_RECORDING_MAX_ATTEMPTS = 2
    recording_server.script = [(502, {}, b""), (502, {}, b"")]
    now = timezone.now()
    jobs.fetch_due(now=now)
    jobs.fetch_due(now=now + timedelta(hours=1))
    assert state(announced) == ("failed", 2) and announced.error == "HTTP 502 (gave up)"


@pytest.mark.parametrize(
    "body, announced_hash, error",
    [
        (MP3, "0" * 64, "sha256 mismatch"),
        (b"%PDF-1.4 not audio", "", "not an MP3, WAV or M4A recording"),
    ],
)
def test_the_wrong_bytes_fail_at_once(
    sender, recording_server, complaint, consumer_line, body, announced_hash, error
):
    ringing(sender)
    sender.event("recording", recording_url=recording_server.url(), sha256=announced_hash)
    recording_server.script = [(200, {}, body)]
    jobs.fetch_due()
    recording = Recording.objects.get()
    assert (recording.state, recording.error) == ("failed", error)
    assert not Evidence.objects.exists()


def test_no_duplicate_evidence_on_replay_or_retry(sender, announced, recording_server):
    replay = sender.post(
        {
            "id": f"evt-c-1-recording-{sender.n}",  # the event just sent, again
            "type": "call.recording",
            "call_id": "c-1",
            "recording_url": recording_server.url(),
        }
    )
    assert replay.status_code == 409
    again = sender.event("recording", recording_url=recording_server.url())  # a new event id
    assert again.status_code == 202 and Recording.objects.count() == 1
    recording_server.script = [(200, {}, MP3), (200, {}, MP3)]
    jobs.fetch_due()
    jobs.fetch_due(now=timezone.now() + timedelta(days=1))
    assert Evidence.objects.count() == 1 and len(recording_server.requests) == 1


def test_a_download_abandoned_by_a_dead_worker_is_taken_over_once(
    announced, recording_server, settings
):
    now = timezone.now()
    (first,) = jobs.claim(10, now)  # ... and this worker hangs before recording its download
    assert jobs.claim(10, now + timedelta(seconds=1)) == []
    recording_server.script = [(200, {}, MP3)]
    later = now + timedelta(seconds=settings.TOUSU_TELEPHONY_RECORDING_LEASE_SECONDS + 1)
    assert jobs.fetch_due(now=later) == 1
    assert jobs.record(first, MP3, None, later) is None  # the late worker's result is dropped
    assert Evidence.objects.count() == 1 and state(announced) == ("attached", 1)


def test_a_recording_of_a_call_without_a_complaint_waits_until_the_agent_links_it(
    sender, recording_server, consumer, consumer_line, agent, order, client
):
    ringing(sender)  # alice has no complaint yet
    response = sender.event("recording", recording_url=recording_server.url())
    assert response.status_code == 202 and response.json()["recording"] == "waiting"
    recording_server.script = [(200, {}, MP3)]
    assert jobs.fetch_due() == 0 and recording_server.requests == []
    client.force_login(agent)
    filed = client.post(
        "/desk/phone/calls/c-1/file/",
        {
            "order": order.number,
            "kind": "after_sales",
            "category": "quality",
            "demand": "return_refund",
            "amount": "299.00",
            "description": "电话里说耳机没声音",
        },
    )
    assert filed.status_code == 302
    assert jobs.fetch_due() == 1
    evidence = Evidence.objects.get()
    assert evidence.complaint == Call.objects.get().complaint and evidence.uploaded_by == agent


def test_a_merchant_line_recording_is_kept_waiting(sender, recording_server, merchant_line):
    ringing(sender, line=MERCHANT_LINE)
    sender.event("recording", recording_url=recording_server.url())
    assert Recording.objects.get().state == "waiting" and jobs.fetch_due() == 0


def test_a_redirect_outside_the_allowed_hosts_is_not_followed(announced, recording_server):
    recording_server.script = [(302, {"Location": "http://192.0.2.1/elsewhere.mp3"}, b"")]
    jobs.fetch_due()
    assert state(announced) == ("failed", 1) and "redirect" in announced.error


def test_the_recording_is_stored_outside_the_record_transaction(
    announced, recording_server, storage_writes
):
    recording_server.script = [(200, {}, MP3)]
    assert jobs.fetch_due() == 1
    assert storage_writes == [False]
    assert state(announced) == ("attached", 1)
