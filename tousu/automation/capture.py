"""Catching the triggers: subscribed to the domain events, in the transaction of the change.

Each handler writes one ``PendingTrigger`` row (unique on complaint and event, so the same
event published again queues nothing new) when an active rule listens to that trigger;
the worker (``tousu.automation.engine``) applies the rules later, through the actions.

Depth: while the engine applies a rule it sets ``running`` (a context variable, so it is
seen by the subscribers that the rule's actions run synchronously). An event caused by a
rule running at depth d triggers rules at depth d + 1; beyond
``TOUSU_AUTOMATION_MAX_DEPTH`` nothing is queued and the running rule's audit records
which trigger was not passed on.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings

from tousu import rawsql
from tousu.accounts.models import Role
from tousu.automation.models import PendingTrigger, Rule, Trigger
from tousu.complaints.choices import EventKind
from tousu.complaints.events import TimelineAppended
from tousu.complaints.models import Complaint
from tousu.sla.events import Breached, ReminderDue


@dataclass
class Running:
    """The rule being applied now: its depth, and the triggers its actions caused that the
    depth limit stopped."""

    depth: int
    stopped: list[str] = field(default_factory=list)


# Plain SQL (tousu.rawsql): asked for every filed and acknowledged event, usually to find
# no rule; the ORM's ``exists()`` cost ten times the query.
_LISTENING = (
    f"SELECT 1 FROM {Rule._meta.db_table} "  # noqa: S608
    'WHERE is_active AND "trigger" = %s LIMIT 1'
)

running: ContextVar[Running | None] = ContextVar("tousu_automation_running", default=None)


def queue(complaint: Complaint, trigger: str, event_key: str, facts: dict) -> bool:
    """Queue ``trigger`` for the active rules that listen to it; False when nothing was
    queued (no such rule, or the chain reached its depth limit)."""
    if not rawsql.exists(_LISTENING, [trigger]):
        return False
    now_running = running.get()
    depth = (now_running.depth if now_running else 0) + 1
    if depth > settings.TOUSU_AUTOMATION_MAX_DEPTH:
        if now_running is not None:  # the audit says what a rule would have been given
            now_running.stopped.append(trigger)
        return False
    PendingTrigger.objects.bulk_create(
        [
            PendingTrigger(
                complaint=complaint, trigger=trigger, event_key=event_key, facts=facts, depth=depth
            )
        ],
        ignore_conflicts=True,  # the same event again: it is queued (or was fired) already
    )
    return True


def on_timeline_appended(published: TimelineAppended) -> None:
    event = published.event
    key, facts = f"e{event.pk}", {"event": event.pk}
    if event.kind == EventKind.FILED:
        queue(event.complaint, Trigger.FILED, key, facts)
    elif event.kind == EventKind.STATUS:
        facts.update(to_status=event.to_status, transition=event.transition)
        queue(event.complaint, Trigger.STATUS_CHANGED, key, facts)
    elif (
        event.kind == EventKind.MESSAGE and event.actor_role == Role.CONSUMER and not event.internal
    ):
        queue(event.complaint, Trigger.CONSUMER_MESSAGE, key, facts)
    elif event.kind == EventKind.URGED:
        facts["count"] = int(event.data.get("count") or 0)
        queue(event.complaint, Trigger.URGED, key, facts)


def _queue_deadline(deadline, trigger: str, prefix: str, moment) -> None:
    """A deadline's trigger, keyed by the run and its moment: the same reminder or breach
    published again queues nothing new, a later one of the same run does."""
    when = moment.isoformat() if moment else ""
    queue(
        deadline.complaint,
        trigger,
        f"{prefix}{deadline.pk}@{when}"[:64],
        {"deadline": deadline.pk, "clock": deadline.clock},
    )


def on_reminder(published: ReminderDue) -> None:
    deadline = published.deadline
    _queue_deadline(deadline, Trigger.DEADLINE_APPROACHING, "r", deadline.remind_at)


def on_breach(published: Breached) -> None:
    deadline = published.deadline
    _queue_deadline(deadline, Trigger.DEADLINE_MISSED, "b", deadline.breached_at)


# What this app listens to; AutomationConfig.ready subscribes each.
SUBSCRIPTIONS = (
    (TimelineAppended, on_timeline_appended),
    (ReminderDue, on_reminder),
    (Breached, on_breach),
)
