"""Events the deadline sweep publishes (through ``tousu.complaints.events``).

``tousu.notify`` subscribes to them and queues the notices; the sweep knows nothing of
who is told or how. Each is published inside the sweep's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from tousu.sla.models import Deadline


@dataclass(frozen=True)
class ReminderDue:
    """A rule's reminder time passed: the assignee and supervisors are to be reminded."""

    deadline: Deadline


@dataclass(frozen=True)
class WindowClosing:
    """One of the consumer's own windows closes soon (``TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS``)."""

    deadline: Deadline


@dataclass(frozen=True)
class Breached:
    """A deadline passed and no automatic step took care of it: a person must act."""

    deadline: Deadline


@dataclass(frozen=True)
class NotComputed:
    """A deadline needs a year without a holiday schedule: stored as unknown, never guessed."""

    deadline: Deadline
