"""Every write to a complaint once filed goes through a function here (filing itself, and
the follow-up that may file a new complaint, is ``tousu.complaints.filing``).

Each action runs in one transaction: it locks the complaint, checks the rules,
saves with ``update_fields`` and appends to the timeline. Web views, the REST API, the
WeChat dialogue and the phone desk only parse input and call these (a step that carries
data goes through its own action in tousu.adjudication, which calls ``take_structured_step``).

The public surface for other apps' actions (``tousu.adjudication``, ``tousu.escalation``)
is ``lock``, ``record``, ``role_on`` and ``take_structured_step`` (and, for filing,
``apply_step``; evidence files are ``tousu.complaints.uploads``); names starting with an
underscore are this module's own. What follows a change (deadlines, notifications) is not
called from here: the actions publish ``tousu.complaints.events`` and the apps concerned
subscribe.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import chain, events, quotas, workflow
from tousu.complaints.access import (
    is_consumer_of,
    is_platform_staff,
    may_take,
    role_on,
    sees_internal,
)
from tousu.complaints.choices import (
    Category,
    Channel,
    EventKind,
    Priority,
)
from tousu.complaints.errors import (
    TransitionNotAllowed,
    UrgeTooSoon,
    ValidationFailed,
)
from tousu.complaints.models import Complaint, ComplaintEvent


def record(
    complaint: Complaint, kind: str, actor: User | None, channel: str, **fields
) -> ComplaintEvent:
    """Append an event to the timeline (call inside the action's transaction, after ``lock``)."""
    role = role_on(actor, complaint) or "outsider"
    event = ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, actor=actor, actor_role=role, channel=channel, **fields
    )
    events.publish(events.TimelineAppended(event))  # e.g. outbox rows, in this transaction
    return event


def lock(complaint: Complaint) -> Complaint:
    """The complaint re-read and locked until the transaction ends: every action starts here."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    chain.head_is(locked.pk, locked.chain_head)  # its events need not read the head again
    return locked


def apply_step(
    complaint: Complaint,
    actor: User | None,
    step: workflow.Transition,
    *,
    channel: str,
    note: str,
    data: dict | None = None,
    publish: bool = True,
) -> events.StatusChanged:
    """Take ``step`` on the locked ``complaint``: status, timeline, and ``StatusChanged``
    (returned; with ``publish`` False not published: filing publishes its steps at once)."""
    old = complaint.status
    now = timezone.now()
    changes = {"status": step.target, "updated_at": now}
    if step.target == workflow.Status.ACKNOWLEDGED and complaint.acknowledged_at is None:
        changes["acknowledged_at"] = now
    if step.target in workflow.TERMINAL:
        changes["closed_at"] = now
    elif old in workflow.TERMINAL:
        changes["closed_at"] = None
    # Compare-and-swap: the update only lands if nobody moved the complaint meanwhile.
    if not Complaint.objects.filter(pk=complaint.pk, status=old).update(**changes):
        raise TransitionNotAllowed()
    for field, value in changes.items():
        setattr(complaint, field, value)
    changed = events.StatusChanged(complaint, old, step.target, now)
    if publish:
        events.publish(changed)  # deadlines follow
    record(
        complaint,
        EventKind.STATUS,
        actor,
        channel,
        from_status=old,
        to_status=step.target,
        transition=step.name,
        body=note,
        data=data or {},
    )
    return changed


def _take(
    complaint: Complaint,
    actor: User | None,
    name: str,
    *,
    channel: str,
    note: str,
    data: dict | None,
    structured: bool,
) -> Complaint:
    complaint = lock(complaint)
    step = workflow.TRANSITIONS.get(name)
    if step is None or not may_take(actor, complaint, name):
        raise TransitionNotAllowed()
    if step.structured and not structured:
        raise TransitionNotAllowed(
            _(
                "“%(step)s” is taken with its own form, which asks for what it needs; it cannot be taken as a "
                "plain step."
            )
            % {"step": step.label}
        )
    if structured and not step.structured:
        raise TransitionNotAllowed()  # a plain step goes through ``transition``
    note = note.strip()
    if step.needs_note and not note:
        raise ValidationFailed({"note": _("Please give a reason.")})
    if name == "reopen":
        window = timedelta(days=settings.TOUSU_REOPEN_WINDOW_DAYS)
        if complaint.closed_at and timezone.now() - complaint.closed_at > window:
            raise TransitionNotAllowed(
                _(
                    "This complaint was closed more than %(days)s days ago and can no longer be reopened."
                )
                % {"days": settings.TOUSU_REOPEN_WINDOW_DAYS}
            )
    apply_step(complaint, actor, step, channel=channel, note=note, data=data)
    return complaint


@transaction.atomic
def transition(
    complaint: Complaint,
    actor: User | None,
    name: str,
    *,
    channel: str,
    note: str = "",
    data: dict | None = None,
) -> Complaint:
    """Take a plain step of the state machine (the generic path: step buttons, the desk, the API).

    A structured step — one with data or side effects (``workflow.Transition.structured``:
    the merchant's answer, a decision, a return, a refund, a confirmation) — is refused
    here with a message and nothing changes; it is taken only by its own action. ``data``
    (optional) is stored on the timeline event.
    """
    return _take(complaint, actor, name, channel=channel, note=note, data=data, structured=False)


@transaction.atomic
def take_structured_step(
    complaint: Complaint, actor: User | None, name: str, *, channel: str, note: str = "", data: dict
) -> Complaint:
    """Take a structured step with its data, for the action that owns it (``tousu.adjudication``).

    Same checks as ``transition`` (status, the actor's role on this complaint, the note);
    ``data`` is stored on the timeline event. Refuses a plain step.
    """
    return _take(complaint, actor, name, channel=channel, note=note, data=data, structured=True)


@transaction.atomic
def post_message(
    complaint: Complaint, author: User | None, body: str, *, channel: str, internal: bool = False
) -> ComplaintEvent:
    """Add a message to the conversation, or an internal note visible to staff only
    (``author`` None: the system, a macro reply of an automation rule)."""
    complaint = lock(complaint)
    if role_on(author, complaint) is None or (internal and not sees_internal(author)):
        raise TransitionNotAllowed(_("You cannot write on this complaint."))
    if not is_platform_staff(author) and not complaint.is_open:
        raise TransitionNotAllowed(
            _("This complaint is finished; messages can no longer be added.")
        )
    body = body.strip()
    if not body:
        raise ValidationFailed({"body": _("The message is empty.")})
    if len(body) > settings.TOUSU_MESSAGE_MAX_CHARS:
        raise ValidationFailed(
            {
                "body": _("Please keep the message under %(n)s characters.")
                % {"n": settings.TOUSU_MESSAGE_MAX_CHARS}
            }
        )
    Complaint.objects.filter(pk=complaint.pk).update(updated_at=timezone.now())
    kind = EventKind.NOTE if internal else EventKind.MESSAGE
    return record(complaint, kind, author, channel, body=body, internal=internal)


@transaction.atomic
def assign(
    complaint: Complaint, by: User | None, assignee: User | None, *, channel: str = Channel.DESK
) -> Complaint:
    """Give the complaint to an agent (or take it back to the pool with ``None``); ``by`` None is the system."""
    complaint = lock(complaint)
    if (by is not None and not is_platform_staff(by)) or (
        assignee is not None and not is_platform_staff(assignee)
    ):
        raise TransitionNotAllowed(_("Complaints can only be assigned to customer-service staff."))
    if complaint.assignee_id == (assignee.pk if assignee else None):
        return complaint
    complaint.assignee = assignee
    complaint.save(update_fields=["assignee", "updated_at"])
    record(
        complaint,
        EventKind.ASSIGNED,
        by,
        channel,
        internal=True,
        # The username identifies (API, webhooks); the name is what the timeline shows.
        data={
            "assignee": assignee.username if assignee else None,
            "assignee_name": str(assignee) if assignee else None,
        },
    )
    return complaint


def _reclassify(
    complaint: Complaint, by: User | None, field: str, value, kind: str, changed, channel: str
) -> Complaint:
    """Set ``field`` (on the locked complaint) and, when it changed, publish ``changed`` (the
    deadlines follow the policies) and record the change on the staff-only timeline."""
    old = getattr(complaint, field)
    if old != value:
        setattr(complaint, field, value)
        complaint.save(update_fields=[field, "updated_at"])
        events.publish(changed(complaint, timezone.now()))
        record(complaint, kind, by, channel, internal=True, data={"from": old, "to": value})
    return complaint


@transaction.atomic
def set_priority(
    complaint: Complaint, by: User | None, priority: int, *, channel: str = Channel.DESK
) -> Complaint:
    """Change the priority (``by`` None: the SLA worker); the deadlines follow the policies for it."""
    complaint = lock(complaint)
    if by is not None and not is_platform_staff(by):
        raise TransitionNotAllowed()
    if priority not in Priority.values:
        raise ValidationFailed({"priority": _("Please choose a valid option.")})
    return _reclassify(
        complaint, by, "priority", priority, EventKind.PRIORITY, events.PriorityChanged, channel
    )


@transaction.atomic
def set_category(
    complaint: Complaint, by: User, category: str, *, channel: str = Channel.DESK
) -> Complaint:
    """Staff put the complaint in the category it really belongs to (the consumer's choice or
    the triage's suggestion was wrong); the deadlines follow the policies for it."""
    complaint = lock(complaint)
    if not is_platform_staff(by):
        raise TransitionNotAllowed(_("Only customer-service staff change a complaint's category."))
    if category not in Category.values:
        raise ValidationFailed({"category": _("Please choose a valid option.")})
    return _reclassify(
        complaint, by, "category", category, EventKind.CATEGORY, events.CategoryChanged, channel
    )


@transaction.atomic
def urge(complaint: Complaint, consumer: User, *, channel: str) -> Complaint:
    """The consumer urges (催办) an open complaint, at most once per cooldown, and at most
    ``TOUSU_URGE_LIMIT_PER_DAY`` times in 24 hours across all their complaints.

    Each urge is counted, lands on the timeline and raises the complaint one priority
    step (up to a ceiling), which moves it up the agents' queue.
    """
    complaint = lock(complaint)
    if not is_consumer_of(consumer, complaint):
        raise TransitionNotAllowed(_("Only the consumer who filed the complaint can urge it."))
    if not complaint.is_open:
        raise TransitionNotAllowed(_("This complaint is finished and cannot be urged."))
    quotas.lock_account(consumer)  # after the complaint's lock, the order follow_up takes them in
    now = timezone.now()
    cooldown = timedelta(hours=settings.TOUSU_URGE_COOLDOWN_HOURS)
    if complaint.last_urged_at and now < complaint.last_urged_at + cooldown:
        raise UrgeTooSoon(complaint.last_urged_at + cooldown)
    quotas.check_urge(consumer, now)
    old_priority = complaint.priority
    complaint.urge_count += 1
    complaint.last_urged_at = now
    complaint.priority = max(
        old_priority, min(old_priority + 1, settings.TOUSU_URGE_PRIORITY_CEILING)
    )
    complaint.save(update_fields=["urge_count", "last_urged_at", "priority", "updated_at"])
    if complaint.priority != old_priority:
        events.publish(events.PriorityChanged(complaint, now))
    record(
        complaint,
        EventKind.URGED,
        consumer,
        channel,
        data={
            "count": complaint.urge_count,
            "priority_from": old_priority,
            "priority_to": complaint.priority,
        },
    )
    return complaint


@transaction.atomic
def log_call(
    complaint: Complaint,
    agent: User | None,
    *,
    channel: str = Channel.PHONE,
    data: dict,
    body: str = "",
    internal: bool = True,
) -> ComplaintEvent:
    """A telephone call on the timeline: a webhook event (ringing, answered, ended), an agent's call
    notes, or the consumer's request for a callback (``agent`` is then the consumer).

    ``data["call"]`` holds the facts (event, call id, duration); never the caller's number.
    """
    complaint = lock(complaint)
    if agent is not None and not is_platform_staff(agent) and not is_consumer_of(agent, complaint):
        raise TransitionNotAllowed(_("You cannot write on this complaint."))
    Complaint.objects.filter(pk=complaint.pk).update(updated_at=timezone.now())
    return record(
        complaint,
        EventKind.CALL,
        agent,
        channel,
        body=body.strip()[: settings.TOUSU_MESSAGE_MAX_CHARS],
        internal=internal,
        data=data,
    )


@transaction.atomic
def record_note(
    complaint: Complaint,
    actor: User | None,
    *,
    data: dict,
    body: str = "",
    channel: str = Channel.DESK,
    internal: bool = True,
) -> ComplaintEvent:
    """A fact on the timeline that changes no status (``data`` says what), written by the
    domain action that did it, e.g. an agent's "retry now" on a refund. Platform staff or
    the system (``actor`` None) only."""
    complaint = lock(complaint)
    if actor is not None and not is_platform_staff(actor):
        raise TransitionNotAllowed()
    return record(
        complaint, EventKind.NOTE, actor, channel, body=body, internal=internal, data=data
    )
