"""Domain events: how the core tells other apps what happened, without knowing them.

An action publishes an event while its transaction is open; every subscriber runs at
once, in that transaction, so what a subscriber writes (deadlines, outbox rows) commits
or rolls back together with the change that caused it. Apps subscribe explicitly in their
``AppConfig.ready`` (``events.subscribe(StatusChanged, deadlines.on_status_changed)``); there are no
string-named signals, and ``subscribers()`` lists who listens to what.

The core's own events are defined here; an app that publishes events of its own (the
deadline sweep in ``tousu.sla``) defines them in its ``events`` module and publishes them
through this registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tousu.complaints.models import Complaint, ComplaintEvent

Handler = Callable[[Any], None]
_subscribers: dict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type, handler: Handler) -> None:
    """Run ``handler(event)`` for every published event of ``event_type`` (once per handler)."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def subscribe_all(pairs: Iterable[tuple[type, Handler]]) -> None:
    """``subscribe`` each ``(event type, handler)``: an app's ``SUBSCRIPTIONS``."""
    for event_type, handler in pairs:
        subscribe(event_type, handler)


def unsubscribe(event_type: type, handler: Handler) -> None:
    """Stop running ``handler`` (a no-op if it was not subscribed)."""
    if handler in _subscribers[event_type]:
        _subscribers[event_type].remove(handler)


def publish(event: object) -> None:
    """Run the subscribers of this event's type, in the order they subscribed."""
    for handler in _subscribers.get(type(event), ()):
        handler(event)


def subscribers() -> dict[type, tuple[Handler, ...]]:
    """Who listens to what (for the docs and the tests)."""
    return {kind: tuple(handlers) for kind, handlers in _subscribers.items() if handlers}


@dataclass(frozen=True)
class StatusChanged:
    """A complaint moved from ``old`` (None: just filed) to ``new``.

    At filing, published once when the filing's own steps are done: when the system
    acknowledged the complaint in the same transaction, ``new`` is ``acknowledged`` and
    ``via`` holds the status it was filed in with its time (``((received, filed at),)``),
    so that the subscribers (the deadlines) see the whole way at once.
    """

    complaint: Complaint
    old: str | None
    new: str
    at: datetime
    via: tuple[tuple[str, datetime], ...] = ()

    def path(self) -> list[tuple[str | None, str, datetime]]:
        """``(entered_from, status, at)`` for every status entered, in order."""
        steps = [*self.via, (self.new, self.at)]
        froms = [self.old, *(status for status, _at in steps[:-1])]
        return [(entered_from, status, at) for entered_from, (status, at) in zip(froms, steps)]


@dataclass(frozen=True)
class PriorityChanged:
    """The complaint's priority changed; rules that depend on it are re-read."""

    complaint: Complaint
    at: datetime


@dataclass(frozen=True)
class CategoryChanged:
    """An agent put the complaint in another category; rules that depend on it are re-read."""

    complaint: Complaint
    at: datetime


@dataclass(frozen=True)
class TimelineAppended:
    """An event was appended to a complaint's timeline."""

    event: ComplaintEvent
