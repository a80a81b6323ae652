"""Callbacks: asked from any channel, due in the time the consumer is told, tried with a retry policy.

The due time comes from the calendar engine (tousu.sla.worktime): ``TOUSU_CALLBACK_DUE``
(default ``24ch``: 24 clock hours, what "24 小时内" promises) counted from the request;
set to working hours (``24h``) it counts the line's service hours, and every text that
promises a callback says so (``promise``). Pending callbacks
are an indexed ``(state, due_at)`` range: the agents' queue reads it in due order and
``tousu worker`` sweeps the overdue ones (``sweep``), flagging each once with a
compare-and-swap and telling the supervisors; the supervisor view lists them.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts import phones
from tousu.accounts.models import User
from tousu.channels.phone import hotlines
from tousu.channels.phone.models import (
    AttemptOutcome,
    Callback,
    CallbackAttempt,
    CallbackState,
    Hotline,
)
from tousu.complaints import access, actions
from tousu.complaints.errors import ComplaintError, TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.notify import rules as notify_rules
from tousu.sla.calendars import CalendarNotFound
from tousu.sla.figures import describe, in_working_time
from tousu.sla.worktime import ScheduleUnknown, add, add_working_time

log = logging.getLogger("tousu.phone")
St = CallbackState
# Longest reason one request may give (the callback keeps every request's reason).
REASON_MAX = 500


class CallbackRefused(ComplaintError):
    code = "callback_refused"
    status = 409


def promise(phone: str) -> str:
    """What the consumer is told about when we call ``phone`` back, from ``TOUSU_CALLBACK_DUE``."""
    due = settings.TOUSU_CALLBACK_DUE
    if in_working_time(due):
        return _(
            "We call %(phone)s within %(within)s of the line's service hours; a request made after "
            "closing time counts from the next opening."
        ) % {"phone": phone, "within": describe(due)}
    return _("We call %(phone)s within %(within)s of your request.") % {
        "phone": phone,
        "within": describe(due),
    }


def due_rule() -> dict:
    """``TOUSU_CALLBACK_DUE`` for staff texts: in words, and whether it counts service hours only."""
    return {
        "within": describe(settings.TOUSU_CALLBACK_DUE),
        "working": in_working_time(settings.TOUSU_CALLBACK_DUE),
    }


def due_at(hotline: Hotline, asked_at: datetime) -> datetime | None:
    """When a callback asked at ``asked_at`` on ``hotline`` is due; None if the calendar cannot tell."""
    try:
        return add(asked_at, settings.TOUSU_CALLBACK_DUE, hotlines.calendar_for(hotline))
    except (ScheduleUnknown, CalendarNotFound):
        log.warning("callback due time on %s not computed", hotline.calendar)
        return None


def retry_after(hotline: Hotline, attempt_number: int, now: datetime) -> datetime:
    """The earliest next try after the ``attempt_number``-th unanswered one, in service hours."""
    delays = settings.TOUSU_CALLBACK_RETRY_MINUTES or [30]
    minutes = delays[min(attempt_number, len(delays)) - 1]
    try:
        return add_working_time(now, timedelta(minutes=minutes), hotlines.calendar_for(hotline))
    except (ScheduleUnknown, CalendarNotFound):
        return now + timedelta(minutes=minutes)


class Asked(StrEnum):
    """What a request for a callback did."""

    CREATED = "created"
    MERGED = "merged"  # a callback was pending: the new reason or complaint was added to it
    PENDING = "pending"  # a callback was pending and the request added nothing new


def _log_request(
    callback: Callback, complaint: Complaint, by: User, channel: str, reason: str
) -> None:
    actions.log_call(
        complaint,
        by,
        channel=channel,
        internal=False,
        data={"call": {"event": "callback_requested", "callback": callback.pk}},
        body=reason,
    )


def _merge(
    callback: Callback, by: User, channel: str, complaint: Complaint | None, reason: str
) -> Asked:
    """Add a new request's reason and complaint to the pending ``callback`` (locked by the caller)."""
    merged = False
    if reason and reason not in callback.reason.splitlines():
        callback.reason = f"{callback.reason}\n{reason}" if callback.reason else reason
        callback.save(update_fields=["reason"])
        merged = True
    linked = (
        complaint is not None
        and complaint.pk != callback.complaint_id
        and not callback.also_about.filter(pk=complaint.pk).exists()
    )
    if linked and callback.complaint_id is None:
        callback.complaint = complaint
        callback.save(update_fields=["complaint"])
    elif linked:
        callback.also_about.add(complaint)
    if complaint is not None and (linked or merged):
        _log_request(callback, complaint, by, channel, reason)
    return Asked.MERGED if merged or linked else Asked.PENDING


@transaction.atomic
def request_callback(
    consumer: User,
    *,
    by: User,
    channel: str,
    hotline: Hotline | None = None,
    complaint: Complaint | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> tuple[Callback, Asked]:
    """The consumer (or an agent for them) asks to be called back. Returns ``(callback, what it did)``.

    One pending callback per consumer and line: asking again while one is pending adds the
    new reason and complaint to it (``Asked.MERGED``; never dropped) and keeps its due time.
    """
    now = now or timezone.now()
    if not access.is_consumer(consumer) or not consumer.is_active:
        raise CallbackRefused(_("Only consumers can ask for a callback."))
    if not access.may_act_for(by, consumer.pk):
        raise CallbackRefused(_("Only consumers can ask for a callback."))
    if not consumer.phone:
        raise ValidationFailed({"phone": _("We have no phone number for this account.")})
    if complaint is not None and complaint.consumer_id != consumer.pk:
        raise TransitionNotAllowed()
    hotline = hotline or hotlines.consumer_line()
    if hotline is None:
        raise CallbackRefused(_("No hotline is configured."))
    reason = reason.strip()[:REASON_MAX]
    pending = Callback.objects.select_for_update().filter(
        consumer=consumer, hotline=hotline, state=St.PENDING
    )
    existing = pending.first()
    if existing is not None:
        return existing, _merge(existing, by, channel, complaint, reason)
    try:
        with transaction.atomic():
            callback = Callback.objects.create(
                consumer=consumer,
                phone=consumer.phone,
                hotline=hotline,
                complaint=complaint,
                channel=channel,
                requested_by=by,
                reason=reason,
                requested_at=now,
                due_at=due_at(hotline, now),
            )
    except IntegrityError:  # a concurrent request committed first: add to it
        existing = pending.get()
        return existing, _merge(existing, by, channel, complaint, reason)
    if complaint is not None:
        _log_request(callback, complaint, by, channel, reason)
    return callback, Asked.CREATED


def asked_message(callback: Callback, asked: Asked, *, staff: bool = False) -> str:
    """What the person who asked is told: booked, added to the pending callback, or already pending."""
    due = timezone.localtime(callback.due_at).strftime("%Y-%m-%d %H:%M") if callback.due_at else "—"
    values = {"phone": phones.mask(callback.phone), "due": due}
    if staff:
        text = {
            Asked.CREATED: _("Callback booked, due %(due)s."),
            Asked.MERGED: _(
                "This caller already had a callback pending: the new reason and complaint were "
                "added to it. It is still due %(due)s."
            ),
            Asked.PENDING: _("This caller already has a callback pending, due %(due)s."),
        }[asked]
    else:
        text = {
            Asked.CREATED: _("We will call you back at %(phone)s by %(due)s."),
            Asked.MERGED: _(
                "You already asked for a callback; we added this request to it and will call "
                "%(phone)s by %(due)s."
            ),
            Asked.PENDING: _(
                "You already asked for a callback; we will call %(phone)s by %(due)s."
            ),
        }[asked]
    return text % values


@transaction.atomic
def record_attempt(
    callback: Callback, agent: User, outcome: str, *, note: str = "", now: datetime | None = None
) -> Callback:
    """An agent tried to call back: reached (done), or no answer / busy (retry later, or give up)."""
    now = now or timezone.now()
    if not access.is_platform_staff(agent):
        raise TransitionNotAllowed()
    if outcome not in AttemptOutcome.values:
        raise ValidationFailed({"outcome": _("Please choose a valid option.")})
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    if callback.state != St.PENDING:
        raise CallbackRefused(_("This callback is already finished."))
    CallbackAttempt.objects.create(
        callback=callback, agent=agent, outcome=outcome, note=note.strip()[:500], at=now
    )
    callback.attempts += 1
    if outcome == AttemptOutcome.REACHED:
        callback.state, callback.done_at, callback.next_attempt_at = St.REACHED, now, None
    elif callback.attempts >= settings.TOUSU_CALLBACK_MAX_ATTEMPTS:
        callback.state, callback.done_at, callback.next_attempt_at = St.GIVEN_UP, now, None
    else:
        callback.next_attempt_at = retry_after(callback.hotline, callback.attempts, now)
    callback.save(update_fields=["attempts", "state", "done_at", "next_attempt_at"])
    if callback.complaint_id:
        actions.log_call(
            callback.complaint,
            agent,
            internal=False,
            body=note,
            data={
                "call": {
                    "event": "callback",
                    "outcome": outcome,
                    "outcome_label": str(AttemptOutcome(outcome).label),
                    "callback": callback.pk,
                    "attempt": callback.attempts,
                }
            },
        )
    return callback


@transaction.atomic
def cancel(callback: Callback, by: User) -> Callback:
    if not access.may_act_for(by, callback.consumer_id):
        raise TransitionNotAllowed()
    Callback.objects.filter(pk=callback.pk, state=St.PENDING).update(
        state=St.CANCELLED, done_at=timezone.now()
    )
    callback.refresh_from_db()
    return callback


def queue():
    """Pending callbacks, the soonest due first (unknown due times last)."""
    return (
        Callback.objects.filter(state=St.PENDING)
        .select_related("consumer", "hotline", "complaint")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )


def sweep(limit: int = 100, now: datetime | None = None) -> int:
    """Flag pending callbacks past their due time, once each, and tell the supervisors."""
    now = now or timezone.now()
    ids = list(
        Callback.objects.filter(state=St.PENDING, breached_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    flagged = 0
    for pk in ids:
        with transaction.atomic():
            # Compare-and-swap: only one worker flags it; a callback reached meanwhile is not flagged.
            if Callback.objects.filter(pk=pk, state=St.PENDING, breached_at__isnull=True).update(
                breached_at=now
            ):
                _alert_breached(Callback.objects.select_related("consumer", "complaint").get(pk=pk))
                flagged += 1
    return flagged


def _alert_breached(callback: Callback) -> None:
    """Tell the supervisors (inbox, once per callback); the text is ``texts.callback_breached``."""
    due = timezone.localtime(callback.due_at).strftime("%Y-%m-%d %H:%M") if callback.due_at else "—"
    context = {
        "who": f"{callback.consumer} ({phones.mask(callback.phone)})",
        "line": callback.hotline.name,
        "asked": timezone.localtime(callback.requested_at).strftime("%Y-%m-%d %H:%M"),
        "due": due,
    }
    notify_rules.to_supervisors(
        "callback_breached", context, callback.complaint, f"callback:{callback.pk}:breached"
    )
