"""Calls: the telephony events of a call, and calls typed in by an agent, mapped to complaint actions.

A call is matched to its caller by the normalised number (tousu.accounts.identity) and to
a complaint: the one the agent picks on the phone desk (``phone.actions``), or else the
caller's most recent open complaint. Its events land on that complaint's timeline
(``actions.log_call``); a recording is downloaded by the worker and attached as evidence
(``phone.recordings``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.utils import timezone

from tousu.accounts import identity, phones
from tousu.accounts.models import Role, User
from tousu.channels.phone.models import Call, CallState, Hotline
from tousu.complaints import actions
from tousu.complaints.errors import ComplaintError
from tousu.complaints.models import OPEN_Q, Complaint

log = logging.getLogger("tousu.phone")
TELEPHONY_USERNAME = "system-telephony"


def telephony_user() -> User:
    """The uploader of recordings nobody answered: an inactive platform account, never logged in to."""
    user, created = User.objects.get_or_create(
        username=TELEPHONY_USERNAME,
        defaults={"role": Role.AGENT, "display_name": "电话系统", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def latest_open_complaint(consumer: User | None) -> Complaint | None:
    if consumer is None:
        return None
    return (
        Complaint.objects.filter(OPEN_Q, consumer=consumer).order_by("-updated_at", "-id").first()
    )


def _consumer_for(caller: str) -> User | None:
    matches = list(identity.consumers_with_phone(caller)[:2])
    return matches[0] if len(matches) == 1 else None  # several accounts: the agent picks


def start(call_id: str, caller_text: str, hotline: Hotline | None, at: datetime) -> Call:
    """Ringing: the call, its caller and the complaint it is probably about."""
    caller = phones.try_normalise(caller_text) or caller_text.strip()[:32]
    call, created = Call.objects.get_or_create(
        call_id=call_id, defaults={"caller": caller, "hotline": hotline, "started_at": at}
    )
    if created and hotline is not None and hotline.audience == "consumer":
        call.consumer = _consumer_for(caller)
        call.complaint = latest_open_complaint(call.consumer)
        call.save(update_fields=["consumer", "complaint"])
    return call


def start_typed(agent: User, caller_text: str, hotline: Hotline | None) -> Call:
    """A call the agent types in (no telephony integration, or a transferred call)."""
    return start(f"desk-{uuid.uuid4().hex[:20]}", caller_text, hotline, timezone.now())


def log_event(call: Call, event: str, agent: User | None, *, internal: bool, **facts) -> None:
    if call.complaint_id is None:
        return
    try:
        actions.log_call(
            call.complaint,
            agent,
            internal=internal,
            data={"call": {"event": event, "call_id": call.call_id, **facts}},
        )
    except ComplaintError:
        log.warning("call %s: event %s not recorded on %s", call.call_id, event, call.complaint_id)


def ringing(call: Call) -> None:
    log_event(call, "ringing", None, internal=True)


def answered(call: Call, agent: User | None, at: datetime) -> None:
    Call.objects.filter(pk=call.pk).update(state=CallState.ANSWERED, answered_at=at, agent=agent)
    call.state, call.answered_at, call.agent = CallState.ANSWERED, at, agent
    log_event(call, "answered", agent, internal=True)


def ended(call: Call, at: datetime, duration: int | None) -> None:
    if duration is None and call.answered_at:
        duration = max(0, int((at - call.answered_at).total_seconds()))
    Call.objects.filter(pk=call.pk).update(
        state=CallState.ENDED, ended_at=at, duration_seconds=duration
    )
    call.state, call.ended_at, call.duration_seconds = CallState.ENDED, at, duration
    log_event(call, "ended", call.agent, internal=False, duration=duration or 0)
