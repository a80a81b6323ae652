"""Call recordings: the webhook records the announcement, the worker downloads and attaches.

``announce`` runs inside the webhook's transaction and makes no network call: it stores a
``Recording`` (one per call and URL, however often it is announced), due at once when the
call has a complaint, else waiting until an agent links the call to one
(``phone.actions.link``). ``fetch_due`` is a step of ``tousu worker``:

1. claim — one short transaction: due rows (and rows whose worker's lease ran out) are
   taken by compare-and-swap into ``fetching`` under a lease;
2. download with **no transaction open** (``transport.fetch``);
3. record — the bytes are checked (the announced SHA-256, audio by their bytes) and written
   to the evidence storage, still outside any transaction (``uploads.prepare_evidence``);
   then one short transaction attaches them to the complaint (``uploads.attach_evidence``:
   the same bytes are never attached twice); a failure that may pass (network, 408, 429, 5xx) is
   tried again with backoff up to ``TOUSU_TELEPHONY_RECORDING_MAX_ATTEMPTS``; one that will
   not (another 4xx, a wrong hash, not audio) is ``failed`` at once. A failed recording
   shows on the phone desk's call page and as a staff-only entry on the complaint.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tousu import leases
from tousu.channels.phone import transport
from tousu.channels.phone.calls import log_event, telephony_user
from tousu.channels.phone.models import Call, Recording, RecordingState
from tousu.complaints import uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ComplaintError
from tousu.complaints.files import sniff

log = logging.getLogger("tousu.phone")
St = RecordingState


def announce(call: Call, url: str, expected_sha256: str = "") -> Recording:
    """The call centre says a recording of ``call`` is at ``url`` (inside the webhook's transaction)."""
    due = call.complaint_id is not None
    recording, _created = Recording.objects.get_or_create(
        call=call,
        url=url,
        defaults={
            "expected_sha256": expected_sha256.lower(),
            "state": St.PENDING if due else St.WAITING,
            "next_attempt_at": timezone.now() if due else None,
        },
    )
    return recording


def backoff(attempts: int, retry_after: int | None = None) -> timedelta:
    """Doubling from ``TOUSU_TELEPHONY_RECORDING_RETRY_SECONDS``; never sooner than the
    server's ``Retry-After``; capped by ``TOUSU_OUTBOX_BACKOFF_MAX_SECONDS``."""
    seconds = settings.TOUSU_TELEPHONY_RECORDING_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    seconds = max(seconds, retry_after or 0)
    return timedelta(seconds=min(seconds, settings.TOUSU_OUTBOX_BACKOFF_MAX_SECONDS))


def claim(limit: int, now: datetime) -> list[Recording]:
    """Take up to ``limit`` due recordings, each under a lease (``tousu.leases``)."""
    due = (
        Recording.objects.filter(state=St.PENDING, next_attempt_at__lte=now),
        Recording.objects.filter(state=St.FETCHING, lease_until__lt=now),
    )
    lease_until = now + timedelta(seconds=settings.TOUSU_TELEPHONY_RECORDING_LEASE_SECONDS)
    taken = leases.claim(due, limit, busy=St.FETCHING, lease_until=lease_until)
    return list(Recording.objects.select_related("call").filter(pk__in=taken))


class Refused(Exception):
    """The downloaded bytes are not the recording announced."""


def _check(recording: Recording, content: bytes):
    digest = hashlib.sha256(content).hexdigest()
    if recording.expected_sha256 and recording.expected_sha256 != digest:
        raise Refused("sha256 mismatch")
    sniffed = sniff(content[:32])
    if sniffed is None or sniffed.media_type != "audio":
        raise Refused("not an MP3, WAV or M4A recording")
    return digest, sniffed


@dataclass(frozen=True)
class _Ready:
    """Bytes checked and, when the call has a complaint, stored: to attach in the record step."""

    digest: str
    call: Call
    stored: uploads.PreparedFile | None  # None: the call is not linked to a complaint yet


def _uploader(call: Call):
    return call.agent or telephony_user()


def _prepare(recording: Recording, content: bytes) -> _Ready:
    """Check the bytes and write them to the evidence storage, before the record transaction
    (on S3 the write is a network call)."""
    digest, sniffed = _check(recording, content)
    call = Call.objects.select_related("complaint", "agent").get(pk=recording.call_id)
    if call.complaint is None:
        return _Ready(digest, call, None)
    name = f"call-{call.call_id}"[:60]
    upload = SimpleUploadedFile(f"{name}.{sniffed.extension}", content)
    stored = uploads.prepare_evidence(
        call.complaint, _uploader(call), upload, channel=Channel.PHONE
    )
    return _Ready(digest, call, stored)


def _attach(recording: Recording, ready: _Ready) -> dict:
    """Attach the stored bytes (inside the record transaction). Returns the row's new fields."""
    call = ready.call
    if ready.stored is None:  # not linked yet: attached once an agent links the call
        return {"state": St.WAITING, "next_attempt_at": None}
    evidence, _created = uploads.attach_evidence(
        call.complaint,
        _uploader(call),
        ready.stored,
        channel=Channel.PHONE,
        caption=f"通话录音 {call.call_id}",
    )
    Call.objects.filter(pk=call.pk).update(
        recording_url=recording.url[:500], recording_sha256=ready.digest
    )
    return {"state": St.ATTACHED, "sha256": ready.digest, "evidence": evidence, "error": ""}


def _failed(recording: Recording, error: str, now: datetime) -> dict:
    """Given up: shown on the call page and, as a staff-only entry, on the complaint."""
    log.warning("recording %s of call %s failed: %s", recording.pk, recording.call_id, error)
    log_event(recording.call, "recording_failed", None, internal=True, error=error[:200])
    return {"state": St.FAILED, "error": error[:300], "next_attempt_at": None, "done_at": now}


def record(
    recording: Recording, content: bytes | None, error: Exception | None, now: datetime
) -> Recording | None:
    """Store the outcome of a download on a claimed row. None when the lease was lost meanwhile."""
    ready = None
    if error is None:
        try:
            ready = _prepare(recording, content or b"")
        except (Refused, ComplaintError) as failure:
            error = failure
        except Exception as failure:  # noqa: BLE001 - the evidence storage failed: try again
            error = transport.TryLater(repr(failure))
    with transaction.atomic():
        mine = Recording.objects.select_for_update().filter(
            pk=recording.pk, state=St.FETCHING, lease_until=recording.lease_until
        )
        if not mine.exists():
            return None
        attempts = recording.attempts + 1
        changes: dict = {"attempts": attempts, "lease_until": None}
        try:
            if error is not None:
                raise error
            changes.update(_attach(recording, ready), done_at=now)
        except transport.TryLater as failure:
            if attempts >= settings.TOUSU_TELEPHONY_RECORDING_MAX_ATTEMPTS:
                changes.update(_failed(recording, f"{failure} (gave up)", now))
            else:
                changes.update(
                    state=St.PENDING,
                    error=str(failure)[:300],
                    next_attempt_at=now + backoff(attempts, failure.retry_after),
                )
        except (transport.RecordingUnavailable, Refused) as failure:
            changes.update(_failed(recording, str(failure), now))
        except ComplaintError as failure:  # e.g. the complaint is finished: nothing to attach to
            changes.update(_failed(recording, failure.text(), now))
        mine.update(**changes)
    recording.refresh_from_db()
    return recording


def fetch_due(limit: int = 100, now: datetime | None = None) -> int:
    """One worker step. Returns how many recordings it handled."""
    now = now or timezone.now()
    claimed = claim(limit, now)
    for recording in claimed:
        content, error = None, None
        try:
            content = transport.fetch(recording.url, settings.TOUSU_EVIDENCE_MAX_AUDIO_BYTES)
        except transport.RecordingUnavailable as failure:  # no transaction open here
            error = failure
        except Exception as failure:  # noqa: BLE001 - a replaced fetch that breaks: try again
            error = transport.TryLater(repr(failure))
        record(recording, content, error, now)
    return len(claimed)
