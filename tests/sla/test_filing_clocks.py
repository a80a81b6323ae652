"""A filing's clocks are computed once for the whole way (received, then the system's
acknowledgement): the same runs as one status change after the other, in one write."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import draft
from tests.sla.sla_helpers import at, file_at, step
from tousu.complaints import events, filing
from tousu.complaints.choices import Channel
from tousu.complaints.events import StatusChanged
from tousu.sla.models import Clock, Deadline, DeadlineState

COMPARED = (
    "clock",
    "rule_id",
    "duration",
    "calendar",
    "pauses",
    "breach_action",
    "remind_before_minutes",
    "state",
    "started_at",
    "due_at",
    "remind_at",
    "counting_from",
    "remaining_seconds",
    "unknown_year",
    "computed_at",
    "ended_at",
)


def rows(complaint) -> list[tuple]:
    return list(Deadline.objects.filter(complaint=complaint).order_by("id").values_list(*COMPARED))


def test_the_acknowledged_filing_has_the_runs_of_two_separate_steps(
    consumer, order, agent, settings
):
    moment = at(2025, 11, 10, 10)
    at_once = file_at(consumer, moment, order)  # web: acknowledged in the filing
    settings.TOUSU_AUTO_ACKNOWLEDGE_CHANNELS = []
    stepwise = file_at(consumer, moment, order, description="另一件")
    step(stepwise, agent, "acknowledge", moment)
    assert rows(at_once) == rows(stepwise)
    at_once.refresh_from_db()
    stepwise.refresh_from_db()
    assert at_once.next_due_at == stepwise.next_due_at == at(2025, 11, 10, 18)
    acknowledge = Deadline.objects.get(complaint=at_once, clock=Clock.ACKNOWLEDGE)
    assert (acknowledge.state, acknowledge.ended_at) == (DeadlineState.MET, moment)
    assert {d.clock for d in Deadline.objects.filter(complaint=at_once, ended_at__isnull=True)} == {
        Clock.FIRST_RESPONSE,
        Clock.RESOLUTION,
    }


def test_the_filing_writes_its_deadlines_in_one_insert_and_reads_none(consumer, order):
    with time_machine.travel(at(2025, 11, 10, 10), tick=False):
        with CaptureQueriesContext(connection) as queries:
            complaint, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    table = Deadline._meta.db_table
    touching = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    assert len(touching) == 1 and touching[0].startswith("INSERT"), touching
    assert Deadline.objects.filter(complaint=complaint).count() == 3


def test_the_filing_publishes_one_status_change_with_the_way_it_went(consumer, order):
    seen: list[StatusChanged] = []
    events.subscribe(StatusChanged, seen.append)
    try:
        complaint = file_at(consumer, at(2025, 11, 10, 10), order)
    finally:
        events.unsubscribe(StatusChanged, seen.append)
    [published] = seen
    assert (published.old, published.new) == (None, "acknowledged")
    assert published.path() == [
        (None, "received", complaint.created_at),
        ("received", "acknowledged", published.at),
    ]


def test_a_filing_not_acknowledged_at_once_publishes_received_alone(consumer):
    seen: list[StatusChanged] = []
    events.subscribe(StatusChanged, seen.append)
    try:
        complaint = file_at(consumer, at(2025, 11, 10, 10), channel="phone")
    finally:
        events.unsubscribe(StatusChanged, seen.append)
    [published] = seen
    assert published.path() == [(None, "received", complaint.created_at)]
    assert Deadline.objects.get(complaint=complaint, clock=Clock.ACKNOWLEDGE).ended_at is None
