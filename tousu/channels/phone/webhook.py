"""The telephony webhook: signed call events from the call-centre platform (docs/channels/phone.md).

Every check happens before anything is written, and a refused request changes nothing:

* ``X-Tousu-Signature: sha256=<hex>``, HMAC-SHA256 keyed with ``TOUSU_TELEPHONY_SECRET``
  over ``<timestamp>.<raw body>``, compared in constant time → 401 when missing or wrong;
* ``X-Tousu-Timestamp`` (Unix seconds) within ``TOUSU_TELEPHONY_MAX_SKEW`` of now → 401;
* the event ``id`` (inside the signed body) accepted once: a replay → 409.

Every refusal is ``{"ok": false, "error": <stable code>, "message": <text>}`` (``ERRORS``),
the message in the platform's language; docs/channels/phone.md lists the codes and which
of them the call centre should retry.

The event row and all its effects commit in one transaction, so an event either
happened completely (and can never happen again) or not at all. Nothing here calls out:
a recording is only announced (``recordings.announce``, answered 202) and the worker
downloads it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from tousu import jsontext
from tousu.accounts import phones
from tousu.accounts.models import User
from tousu.bodylimit import caps_own_body
from tousu.channels.phone import calls, hotlines, recordings, transport
from tousu.channels.phone.models import Call, Recording, TelephonyEvent
from tousu.complaints import access
from tousu.cursors import parse_key

log = logging.getLogger("tousu.phone")
KINDS = {"call.ringing", "call.answered", "call.ended", "call.recording"}
MAX_DURATION = 2**31 - 1  # seconds; Call.duration_seconds is a PositiveIntegerField
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value a sender computes (also used by the tests and the docs)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


# code → (status, message): the webhook's whole error vocabulary.
ERRORS = {
    "not_configured": (503, _("The telephony webhook is not configured (TOUSU_TELEPHONY_SECRET).")),
    "method_not_allowed": (405, _("Send events with POST.")),
    "bad_length": (400, _("The Content-Length header is not a number.")),
    "too_large": (413, _("The event is too large.")),
    "unsigned": (401, _("The X-Tousu-Timestamp and X-Tousu-Signature headers are required.")),
    "bad_signature": (401, _("The signature does not match the body.")),
    "bad_timestamp": (401, _("X-Tousu-Timestamp is not a Unix time in seconds.")),
    "stale_timestamp": (401, _("X-Tousu-Timestamp is too far from now.")),
    "bad_json": (400, _("The body is not a JSON object of text.")),
    "bad_event": (
        400,
        _("The event lacks an id, a known type or a call_id, or a field is not valid."),
    ),
    "replayed": (409, _("This event id was already accepted.")),
    "unknown_call": (409, _("No call with this call_id.")),
    "recording_rejected": (
        422,
        _(
            "The recording URL is refused: only https addresses on the allowed hosts "
            "(TOUSU_TELEPHONY_RECORDING_HOSTS) are downloaded."
        ),
    ),
}


def _refuse(code: str) -> JsonResponse:
    status, message = ERRORS[code]
    return JsonResponse(
        {"ok": False, "error": code, "message": str(message)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def verify(request: HttpRequest, body: bytes) -> JsonResponse | None:
    secret = settings.TOUSU_TELEPHONY_SECRET
    if not secret:
        return _refuse("not_configured")
    timestamp = request.headers.get("X-Tousu-Timestamp", "")
    signature = request.headers.get("X-Tousu-Signature", "")
    if not timestamp or not signature:
        return _refuse("unsigned")
    # Bytes, not str: compare_digest raises TypeError on non-ASCII str.
    if not hmac.compare_digest(
        sign(secret, timestamp, body).encode(), signature.encode("utf-8", "replace")
    ):
        return _refuse("bad_signature")
    sent = parse_key(timestamp)
    if sent is None:
        return _refuse("bad_timestamp")
    skew = settings.TOUSU_TELEPHONY_MAX_SKEW
    if skew and abs(time.time() - sent) > skew:
        return _refuse("stale_timestamp")
    return None


class BadEvent(ValueError):
    """A field of a well-signed event is not valid; refused before anything is written."""


def _at(payload: dict) -> datetime:
    try:
        at = parse_datetime(str(payload.get("at") or ""))
    except ValueError:  # well formed but impossible, e.g. 30 February
        raise BadEvent("at") from None
    if at is None or timezone.is_naive(at):
        return timezone.now()
    return at


def _recording(payload: dict) -> tuple[str, str]:
    """The announced recording's URL and SHA-256 (blank: not announced), checked without the network."""
    url, digest = str(payload.get("recording_url") or ""), str(payload.get("sha256") or "")
    if not url or len(url) > Recording._meta.get_field("url").max_length:
        raise BadEvent("recording_url")
    if digest and not SHA256.match(digest):
        raise BadEvent("sha256")
    return url, digest


def _duration(payload: dict) -> int | None:
    duration = payload.get("duration")
    if duration is None:
        return None
    if type(duration) is not int or not 0 <= duration <= MAX_DURATION:  # bool is an int subclass
        raise BadEvent("duration")
    return duration


@caps_own_body  # TOUSU_TELEPHONY_MAX_BODY_BYTES, refusals in this module's format
@csrf_exempt
def events(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        refused = _refuse("method_not_allowed")
        refused["Allow"] = "POST"
        return refused
    declared = parse_key(request.headers.get("Content-Length") or "0")
    if declared is None:
        return _refuse("bad_length")
    if declared > settings.TOUSU_TELEPHONY_MAX_BODY_BYTES:
        return _refuse("too_large")
    body = request.body
    if len(body) > settings.TOUSU_TELEPHONY_MAX_BODY_BYTES:
        return _refuse("too_large")
    refused = verify(request, body)
    if refused is not None:
        return refused
    try:
        payload = jsontext.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _refuse("bad_json")
    if not isinstance(payload, dict):
        return _refuse("bad_json")
    event_id, kind, call_id = (str(payload.get(k) or "")[:80] for k in ("id", "type", "call_id"))
    if not event_id or kind not in KINDS or not call_id:
        return _refuse("bad_event")
    try:
        at, duration = _at(payload), _duration(payload)
        recording = _recording(payload) if kind == "call.recording" else None
    except BadEvent:
        return _refuse("bad_event")
    if recording is not None and not transport.allowed(recording[0]):
        log.warning("telephony event %s: recording URL refused", event_id)
        return _refuse("recording_rejected")
    with transaction.atomic():
        try:
            with transaction.atomic():
                seen = TelephonyEvent.objects.create(event_id=event_id, kind=kind)
        except IntegrityError:
            return _refuse("replayed")
        call = _handle(kind, call_id[:64], payload, at, duration)
        if call is None:
            transaction.set_rollback(True)
            return _refuse("unknown_call")
        TelephonyEvent.objects.filter(pk=seen.pk).update(call=call)
        answer = {
            "ok": True,
            "call": call.call_id,
            "complaint": call.complaint.number if call.complaint_id else None,
        }
        if recording is not None:  # downloaded by the worker: accepted, not done yet
            queued = recordings.announce(call, *recording)
            return JsonResponse({**answer, "recording": queued.state}, status=202)
    return JsonResponse(answer)


def _handle(
    kind: str, call_id: str, payload: dict, at: datetime, duration: int | None
) -> Call | None:
    if kind == "call.ringing":
        line = hotlines.by_number(phones.try_normalise(str(payload.get("to") or "")) or "")
        call = calls.start(call_id, str(payload.get("from") or ""), line, at)
        calls.ringing(call)
        return call
    call = Call.objects.select_related("complaint", "agent").filter(call_id=call_id).first()
    if call is None:
        return None
    if kind == "call.answered":
        agent = User.objects.filter(
            username=str(payload.get("agent") or ""), is_active=True
        ).first()
        calls.answered(call, agent if agent and access.is_platform_staff(agent) else None, at)
    elif kind == "call.ended":
        calls.ended(call, at, duration)
    return call
