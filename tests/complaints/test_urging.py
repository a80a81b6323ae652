"""Urging (催办): counted, on the timeline, raises the queue order, respects the cooldown."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tousu.complaints import actions
from tousu.complaints.choices import Channel, EventKind, Priority
from tousu.complaints.errors import TransitionNotAllowed, UrgeTooSoon


@pytest.fixture
def start():
    return (timezone.now() + timedelta(hours=1)).replace(microsecond=0)


def test_urge_is_counted_recorded_and_raises_priority(complaint, consumer, start):
    with time_machine.travel(start, tick=False):
        actions.urge(complaint, consumer, channel=Channel.WEB)
    complaint.refresh_from_db()
    assert complaint.urge_count == 1 and complaint.last_urged_at == start
    assert complaint.priority == Priority.HIGH
    event = complaint.events.get(kind=EventKind.URGED)
    assert event.actor == consumer and not event.internal


def test_cooldown_boundary(complaint, consumer, start, settings):
    settings.TOUSU_URGE_COOLDOWN_HOURS = 24
    with time_machine.travel(start, tick=False):
        actions.urge(complaint, consumer, channel=Channel.WEB)
    with time_machine.travel(start + timedelta(hours=24) - timedelta(seconds=1), tick=False):
        with pytest.raises(UrgeTooSoon) as error:
            actions.urge(complaint, consumer, channel=Channel.APP)
    assert error.value.retry_at == start + timedelta(hours=24)
    # The message names the minute, rounded up: never a time at which it would be refused.
    shown = timezone.localtime(error.value.retry_at + timedelta(seconds=59)).strftime("%H:%M")
    assert shown in error.value.text()
    with time_machine.travel(start + timedelta(hours=24), tick=False):
        actions.urge(complaint, consumer, channel=Channel.APP)
    complaint.refresh_from_db()
    assert complaint.urge_count == 2
    assert complaint.events.filter(kind=EventKind.URGED).count() == 2


def test_priority_stops_at_the_ceiling(complaint, consumer, start, settings):
    settings.TOUSU_URGE_COOLDOWN_HOURS = 1
    for n in range(4):
        with time_machine.travel(start + timedelta(hours=2 * n), tick=False):
            actions.urge(complaint, consumer, channel=Channel.WEB)
    complaint.refresh_from_db()
    assert complaint.priority == settings.TOUSU_URGE_PRIORITY_CEILING and complaint.urge_count == 4


def test_only_the_complaints_consumer_may_urge(complaint, outsider, merchant_staff, agent):
    for who in (outsider, merchant_staff, agent):
        with pytest.raises(TransitionNotAllowed):
            actions.urge(complaint, who, channel=Channel.WEB)
    complaint.refresh_from_db()
    assert complaint.urge_count == 0


def test_finished_complaint_cannot_be_urged(complaint, consumer):
    actions.transition(complaint, consumer, "withdraw", channel=Channel.WEB)
    with pytest.raises(TransitionNotAllowed):
        actions.urge(complaint, consumer, channel=Channel.WEB)
