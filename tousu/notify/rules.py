"""Which events notify whom, and how.

Subscribed to the domain events (``SUBSCRIPTIONS``, registered by ``NotifyConfig.ready``),
which run inside the transaction of the action that published them, so a notification
exists exactly when its cause was committed (the transactional outbox).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from tousu.accounts.models import PLATFORM_ROLES, User
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.events import TimelineAppended
from tousu.complaints.workflow import SYSTEM, Status
from tousu.notify import sms
from tousu.notify.adapters import reaches
from tousu.notify.models import Medium, Outbox
from tousu.sla.events import Breached, NotComputed, ReminderDue, WindowClosing
from tousu.sla.figures import clock_duration
from tousu.sla.models import Clock

MERCHANT_ANSWERS = {"merchant_agree", "merchant_offer", "merchant_reject"}
# Steps whose next step tells the consumer at once: the merchant's refund confirmed is
# followed by ``fulfilled`` (tousu.adjudication.reported).
QUIET_TRANSITIONS = {"evidence_complete", "refund_received"}
# The consumer's steps the merchant is told about (tousu.adjudication).
MERCHANT_TOLD = {
    "accept_offer": "offer_accepted",
    "request_intervention": "intervention_requested",
    "return_shipped": "return_shipped",
    "dispute_refund": "refund_disputed",
}


def on_timeline_appended(published: TimelineAppended) -> None:
    """Queue the notifications a timeline event causes."""
    event = published.event
    complaint = event.complaint
    context = {
        "number": complaint.number,
        "shop": complaint.merchant.shop_name if complaint.merchant else "",
    }
    if event.kind == EventKind.STATUS:
        _on_transition(event, complaint, context)
    elif event.kind == EventKind.MESSAGE:
        excerpt = event.body[:60] + ("…" if len(event.body) > 60 else "")
        readers = {complaint.consumer} | set(_merchant_staff(complaint))
        for user in readers - {event.actor}:
            media = [Medium.INBOX]
            if user == complaint.consumer and (
                event.actor_role in PLATFORM_ROLES or event.actor_role == SYSTEM
            ):
                # An agent's public reply (or an automation rule's macro reply, written by
                # the system) reaches their phone.
                media = _to_consumer(user)
            _queue(
                event,
                user,
                "reply",
                {**context, "who_role": event.actor_role, "excerpt": excerpt},
                media,
            )


def _on_transition(event, complaint, context) -> None:
    name = event.transition
    status = str(Status(event.to_status).label)
    if name == "acknowledge":
        # Filed in the WeChat chat: the chat's answer (with the number) was the acknowledgement.
        media = [Medium.INBOX] if complaint.channel == Channel.WECHAT else None
        _queue(
            event,
            complaint.consumer,
            "acknowledged",
            context,
            media or _to_consumer(complaint.consumer),
        )
    elif name == "forward_to_merchant":
        for user in _merchant_staff(complaint):
            _queue(event, user, "merchant_asked", context, [Medium.INBOX, Medium.EMAIL])
    elif name == "decide":
        # Both parties: the outcome and its grounds are on the complaint page.
        outcome = {**context, "outcome": event.data.get("outcome", "")}
        for user in [complaint.consumer, *_merchant_staff(complaint)]:
            _queue(
                event,
                user,
                "decided",
                outcome,
                _to_consumer(user) if user == complaint.consumer else [Medium.INBOX, Medium.EMAIL],
            )
    elif name == "request_evidence":
        party = event.data.get("party", "consumer")
        asked = ([complaint.consumer] if party in ("consumer", "both") else []) + (
            _merchant_staff(complaint) if party in ("merchant", "both") else []
        )
        for user in asked:
            _queue(
                event,
                user,
                "evidence_requested",
                {**context, "note": event.body[:200]},
                _to_consumer(user) if user == complaint.consumer else [Medium.INBOX],
            )
    elif name in MERCHANT_TOLD:
        if (
            name == "return_shipped"
        ):  # the figure the return_receipt clock uses, in words at delivery
            context = {**context, "receipt_within": clock_duration(Clock.RETURN_RECEIPT, complaint)}
        for user in _merchant_staff(complaint):
            _queue(event, user, MERCHANT_TOLD[name], context, [Medium.INBOX])
    elif name == "report_refund":  # the consumer must answer: the window in words at delivery
        reported = {
            **context,
            "refund_fen": event.data.get("refund_fen"),
            "reference": event.data.get("reference", ""),
            "within": clock_duration(Clock.REFUND_CONFIRMATION, complaint),
        }
        _queue(
            event, complaint.consumer, "refund_reported", reported, _to_consumer(complaint.consumer)
        )
    elif name == "settle_refund":  # the consumer hears of it as any status change, the merchant so
        _queue(
            event,
            complaint.consumer,
            "status",
            {**context, "status": status, "to_status": event.to_status},
            _to_consumer(complaint.consumer),
        )
        paid = {**context, "paid": bool(event.data.get("paid"))}
        for user in _merchant_staff(complaint):
            _queue(event, user, "refund_settled", paid, [Medium.INBOX, Medium.EMAIL])
    elif name == "decline_outcome":
        _queue(event, complaint.consumer, "outcome_not_accepted", context, [Medium.INBOX])
    elif name in MERCHANT_ANSWERS:
        _queue(
            event,
            complaint.consumer,
            "merchant_answered",
            {**context, "status": status, "to_status": event.to_status},
            _to_consumer(complaint.consumer),
        )
    elif name not in QUIET_TRANSITIONS and event.actor_id != complaint.consumer_id:
        _queue(
            event,
            complaint.consumer,
            "status",
            {**context, "status": status, "to_status": event.to_status},
            _to_consumer(complaint.consumer),
        )


def _merchant_staff(complaint) -> list[User]:
    return list(complaint.merchant.staff.filter(is_active=True)) if complaint.merchant_id else []


def _to_consumer(consumer: User) -> list[str]:
    """The inbox, and the consumer's phone: WeChat when they follow the account and linked
    it to their account (whatever channel the complaint came by), else SMS (if they have a
    number; ``_queue`` skips a medium without an address)."""
    return [Medium.INBOX, Medium.WECHAT if reaches(consumer, Medium.WECHAT) else Medium.SMS]


def _address(user: User, medium: str) -> str | None:
    if medium == Medium.EMAIL:
        return user.email or None
    if medium == Medium.SMS:
        return user.phone or None
    if medium == Medium.WECHAT:
        return "wechat" if reaches(user, medium) else None
    return "inbox"


def _put(rows: list[Outbox]) -> None:
    """Queue rows in one INSERT; a row whose dedupe key exists already is skipped (its
    cause was retried), so queueing is idempotent."""
    if rows:
        Outbox.objects.bulk_create(rows, ignore_conflicts=True)


def _queue(event, user: User, topic: str, context: dict, media: list[str]) -> None:
    now = timezone.now()
    _put(
        [
            Outbox(
                dedupe_key=f"event:{event.pk}:{medium}:{user.pk}",
                medium=medium,
                recipient=user,
                complaint=event.complaint,
                topic=topic,
                context=context,
                next_attempt_at=now,
            )
            for medium in media
            if _address(user, medium) is not None
        ]
    )


def fall_back(row: Outbox) -> None:
    """A WeChat notice that can never be delivered (unfollowed, blocked, no template, …) goes
    to the recipient's phone by SMS instead, once, when its topic has a registered SMS
    template: the person still learns their complaint moved. Called in the transaction
    that marks the row undeliverable (``tousu.notify.delivery``)."""
    if row.medium != Medium.WECHAT or row.topic not in sms.TEMPLATES:
        return
    if _address(row.recipient, Medium.SMS) is None:
        return
    _put(
        [
            Outbox(
                dedupe_key=f"{row.dedupe_key}:fallback:{Medium.SMS}"[:120],
                medium=Medium.SMS,
                recipient=row.recipient,
                complaint=row.complaint,
                topic=row.topic,
                context=row.context,
                next_attempt_at=timezone.now(),
            )
        ]
    )


SLA_TOPICS = {ReminderDue: "sla_reminder", Breached: "sla_breached", NotComputed: "sla_unknown"}


def on_deadline(published: ReminderDue | Breached | NotComputed) -> None:
    """SLA notices to the supervisors and the complaint's assignee, in their inbox, in the
    sweep's transaction that records the cause; the dedupe key makes a retry harmless."""
    deadline, topic = published.deadline, SLA_TOPICS[type(published)]
    complaint = deadline.complaint
    readers = set(User.objects.filter(role__in=settings.TOUSU_SLA_NOTIFY_ROLES, is_active=True))
    if complaint.assignee_id:
        readers.add(complaint.assignee)
    context = {
        "number": complaint.number,
        "clock": deadline.clock,
        "due_at": deadline.due_at.isoformat() if deadline.due_at else "",
        "year": deadline.unknown_year or "",
    }
    now = timezone.now()
    when = deadline.breached_at or deadline.remind_at or ""
    _put(
        [
            Outbox(
                dedupe_key=f"sla:{deadline.pk}:{topic}:{when}:{user.pk}"[:120],
                medium=Medium.INBOX,
                recipient=user,
                complaint=complaint,
                topic=topic,
                context=context,
                next_attempt_at=now,
            )
            for user in readers
        ]
    )


def on_window_closing(published: WindowClosing) -> None:
    """One of the consumer's own windows (answering the merchant, sending the goods back,
    evidence asked of them, confirming) closes within TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS:
    the consumer is told in the inbox and on WeChat or by SMS, once per run (the dedupe key)."""
    deadline = published.deadline
    complaint = deadline.complaint
    context = {
        "number": complaint.number,
        "clock": deadline.clock,
        "due_at": deadline.due_at.isoformat() if deadline.due_at else "",
    }
    now = timezone.now()
    _put(
        [
            Outbox(
                dedupe_key=f"sla:{deadline.pk}:window:{medium}"[:120],
                medium=medium,
                recipient=complaint.consumer,
                complaint=complaint,
                topic="window_closing",
                context=context,
                next_attempt_at=now,
            )
            for medium in _to_consumer(complaint.consumer)
            if _address(complaint.consumer, medium) is not None
        ]
    )


def to_supervisors(topic: str, context: dict, complaint, key: str) -> None:
    """An inbox notice to the supervisors (``TOUSU_SLA_NOTIFY_ROLES``), once per ``key``.

    For a channel's own alerts (an overdue hotline callback); the channel registers the
    topic's text with ``tousu.notify.topics.register``."""
    now = timezone.now()
    _put(
        [
            Outbox(
                dedupe_key=f"{key}:{user.pk}"[:120],
                medium=Medium.INBOX,
                recipient=user,
                complaint=complaint,
                topic=topic,
                context=context,
                next_attempt_at=now,
            )
            for user in User.objects.filter(
                role__in=settings.TOUSU_SLA_NOTIFY_ROLES, is_active=True
            )
        ]
    )


def to_user(
    user: User,
    topic: str,
    context: dict,
    key: str,
    media: tuple[str, ...] = (Medium.INBOX,),
    complaint=None,
) -> None:
    """A notice to one person, once per ``key``, on each of ``media`` they have an address for.

    For an app's own notices to the people it serves (a webhook turned off, to its owner);
    the app registers the topic's text with ``tousu.notify.topics.register``."""
    now = timezone.now()
    _put(
        [
            Outbox(
                dedupe_key=f"{key}:{medium}:{user.pk}"[:120],
                medium=medium,
                recipient=user,
                complaint=complaint,
                topic=topic,
                context=context,
                next_attempt_at=now,
            )
            for medium in media
            if _address(user, medium) is not None
        ]
    )


# What this app listens to; NotifyConfig.ready subscribes each.
SUBSCRIPTIONS = (
    (TimelineAppended, on_timeline_appended),
    (ReminderDue, on_deadline),
    (Breached, on_deadline),
    (NotComputed, on_deadline),
    (WindowClosing, on_window_closing),
)
