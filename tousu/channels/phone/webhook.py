"""The telephony webhook: signed call events from the call-centre platform (docs/channels/phone.md).

Every check happens before anything is written, and a refused request changes nothing:

* ``X-Tousu-Signature: sha256=<hex>``, HMAC-SHA256 keyed with ``TOUSU_TELEPHONY_SECRET``
  over ``<timestamp>.<raw body>``, compared in constant time → 401 when missing or wrong;
* ``X-Tousu-Timestamp`` (Unix seconds) within ``TOUSU_TELEPHONY_MAX_SKEW`` of now → 401;
* the event ``id`` (inside the signed body) accepted once: a replay → 409.

The event row and all its effects commit in one transaction, so an event either
happened completely (and can never happen again) or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tousu.accounts import phones
from tousu.accounts.models import User
from tousu.channels.phone import calls, hotlines
from tousu.channels.phone.models import Call, TelephonyEvent

log = logging.getLogger("tousu.phone")
KINDS = {"call.ringing", "call.answered", "call.ended", "call.recording"}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value a sender computes (also used by the tests and the docs)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


def _refuse(status: int, code: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": code}, status=status)


def verify(request: HttpRequest, body: bytes) -> JsonResponse | None:
    secret = settings.TOUSU_TELEPHONY_SECRET
    if not secret:
        return _refuse(503, "not_configured")
    timestamp = request.headers.get("X-Tousu-Timestamp", "")
    signature = request.headers.get("X-Tousu-Signature", "")
    if not timestamp or not signature:
        return _refuse(401, "unsigned")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature):
        return _refuse(401, "bad_signature")
    try:
        sent = int(timestamp)
    except ValueError:
        return _refuse(401, "bad_timestamp")
    skew = settings.TOUSU_TELEPHONY_MAX_SKEW
    if skew and abs(time.time() - sent) > skew:
        return _refuse(401, "stale_timestamp")
    return None


def _at(payload: dict) -> datetime:
    at = parse_datetime(str(payload.get("at") or ""))
    if at is None or timezone.is_naive(at):
        return timezone.now()
    return at


@csrf_exempt
@require_POST
def events(request: HttpRequest) -> JsonResponse:
    declared = int(request.headers.get("Content-Length") or 0)
    if declared > settings.TOUSU_TELEPHONY_MAX_BODY_BYTES:
        return _refuse(413, "too_large")
    body = request.body
    if len(body) > settings.TOUSU_TELEPHONY_MAX_BODY_BYTES:
        return _refuse(413, "too_large")
    refused = verify(request, body)
    if refused is not None:
        return refused
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(400, "bad_json")
    if not isinstance(payload, dict):
        return _refuse(400, "bad_json")
    event_id, kind, call_id = (str(payload.get(k) or "")[:80] for k in ("id", "type", "call_id"))
    if not event_id or kind not in KINDS or not call_id:
        return _refuse(400, "bad_event")
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    seen = TelephonyEvent.objects.create(event_id=event_id, kind=kind)
            except IntegrityError:
                return _refuse(409, "replayed")
            call = _handle(kind, call_id[:64], payload)
            if call is None:
                transaction.set_rollback(True)
                return _refuse(409, "unknown_call")
            TelephonyEvent.objects.filter(pk=seen.pk).update(call=call)
    except calls.RecordingRejected as error:
        log.warning("telephony event %s: recording refused: %s", event_id, error)
        return _refuse(422, "recording_rejected")
    return JsonResponse({"ok": True, "call": call.call_id,
                         "complaint": call.complaint.number if call.complaint_id else None})


def _handle(kind: str, call_id: str, payload: dict) -> Call | None:
    at = _at(payload)
    if kind == "call.ringing":
        line = hotlines.by_number(phones.try_normalise(str(payload.get("to") or "")) or "")
        call = calls.start(call_id, str(payload.get("from") or ""), line, at)
        calls.ringing(call)
        return call
    call = Call.objects.select_related("complaint", "agent").filter(call_id=call_id).first()
    if call is None:
        return None
    if kind == "call.answered":
        agent = User.objects.filter(username=str(payload.get("agent") or ""), is_active=True).first()
        calls.answered(call, agent if agent and agent.is_platform_staff else None, at)
    elif kind == "call.ended":
        duration = payload.get("duration")
        calls.ended(call, at, int(duration) if isinstance(duration, int) and duration >= 0 else None)
    else:
        calls.recording(call, str(payload.get("recording_url") or ""), str(payload.get("sha256") or ""))
    return call
