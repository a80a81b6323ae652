"""Complaint numbers: TS + date (Asia/Shanghai) + the day's sequence; never shared, and on
PostgreSQL never a row that filings queue on (tousu/complaints/numbering.py)."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from tests.conftest import draft
from tousu.complaints import actions, events, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ValidationFailed
from tousu.complaints.models import Complaint

SHANGHAI = ZoneInfo("Asia/Shanghai")


def file(consumer, **overrides):
    return filing.file_complaint(consumer, draft(**overrides), channel=Channel.APP)[0]


def test_numbers_follow_the_shanghai_day_and_restart_each_day(consumer, order):
    # 23:50 UTC on 30 November is already 1 December in Shanghai.
    with time_machine.travel(datetime(2026, 12, 1, 7, 50, tzinfo=SHANGHAI), tick=False):
        first, second = file(consumer), file(consumer, description="第二件")
    with time_machine.travel(datetime(2026, 12, 2, 0, 5, tzinfo=SHANGHAI), tick=False):
        next_day = file(consumer, description="第三件")
    assert (first.number, second.number) == ("TS20261201000001", "TS20261201000002")
    assert next_day.number == "TS20261202000001"


def test_a_filing_refused_by_validation_takes_no_number(consumer, order):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=SHANGHAI), tick=False):
        file(consumer)
        with pytest.raises(ValidationFailed):
            file(consumer, description="")  # refused before any number is taken
        third = file(consumer, description="再来一件")
    assert third.number == "TS20261201000002"


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_filing_in_progress_does_not_hold_up_the_next_number(consumer, order):
    """The first filing stops inside its transaction (a subscriber to its StatusChanged waits);
    a second filing from another connection completes meanwhile: nothing queues on the day's row.
    Numbers stay distinct, in the order they were taken."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: filings queue by design")
    inside, release = threading.Event(), threading.Event()

    def hold(event: events.StatusChanged) -> None:
        if event.old is None and event.complaint.description == "慢的那件":
            inside.set()
            release.wait(10)

    events.subscribe(events.StatusChanged, hold)
    numbers: dict[str, str] = {}

    def slow() -> None:
        try:
            numbers["slow"] = file(consumer, description="慢的那件").number
        finally:
            connection.close()

    thread = threading.Thread(target=slow)
    try:
        thread.start()
        assert inside.wait(10)
        fast = file(consumer, description="快的那件")  # would block here if the row were held
        release.set()
        thread.join(10)
    finally:
        release.set()
        events.unsubscribe(events.StatusChanged, hold)
    assert numbers["slow"] < fast.number
    assert Complaint.objects.values("number").distinct().count() == 2
