"""Keeping the rollups in step: the worker's rounds from the watermark touch only the days
that changed and end where a full rebuild ends; a rebuild is idempotent; nothing is taken
in before it settles; a breach without a timeline event is still counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from tests.analytics.conftest import at, phase0, phase1, phase2, phase3, populate
from tousu.analytics import rollup
from tousu.analytics.figures import Filters, tables
from tousu.analytics.models import (
    AgentFact,
    ClockFact,
    ComplaintFact,
    DailyAgent,
    DailyClock,
    DailyFigures,
    Touched,
    Watermark,
)
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.jobs.registry import JOBS, run_round

ROLLUPS = (DailyFigures, DailyClock, DailyAgent)
FACTS = (ComplaintFact, ClockFact, AgentFact)


def content(*models) -> list:
    """Every row of ``models`` without its id, in a stable order."""
    out = []
    for model in models:
        rows = [
            tuple(sorted((k, str(v)) for k, v in model_to_dict(row).items() if k != "id"))
            for row in model.objects.all()
        ]
        out.append((model.__name__, sorted(rows)))
    return out


def ids_by_day(model=DailyFigures) -> dict[date, set[int]]:
    out: dict[date, set[int]] = {}
    for pk, day in model.objects.values_list("pk", "day"):
        out.setdefault(day, set()).add(pk)
    return out


def drain(moment, limit: int = 100) -> int:
    """Worker rounds at ``moment`` until nothing is left; returns the complaints taken in."""
    total = 0
    with time_machine.travel(moment, tick=False):
        while taken := rollup.refresh(limit):
            total += taken
    return total


def test_rounds_touch_only_the_changed_days_and_end_where_a_rebuild_ends(world, settled):
    phase0(world)
    phase1(world)
    assert drain(at(2026, 11, 2, 20)) == 4
    before = ids_by_day()
    assert set(before) == {date(2026, 10, 30), date(2026, 11, 2)}
    phase2(world)  # changes complaints filed on 2 November and files on 3 November
    assert drain(at(2026, 11, 3, 20)) == 5
    after = ids_by_day()
    assert after[date(2026, 10, 30)] == before[date(2026, 10, 30)]  # untouched: the same rows
    assert not after[date(2026, 11, 2)] & before[date(2026, 11, 2)]  # summed again
    assert date(2026, 11, 3) in after
    phase3(world)
    drain(at(2026, 11, 10, 12))
    assert ids_by_day()[date(2026, 10, 30)] == before[date(2026, 10, 30)]
    incremental = content(*ROLLUPS, *FACTS)
    figures = tables(Filters(date(2026, 10, 1), date(2026, 12, 1)))
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
    assert content(*ROLLUPS, *FACTS) == incremental
    assert tables(Filters(date(2026, 10, 1), date(2026, 12, 1))) == figures


def test_small_rounds_take_at_most_their_limit_and_converge(world, settled):
    populate(world)
    rounds = []
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        while taken := rollup.refresh(limit=2):
            rounds.append(taken)
    assert max(rounds) <= 2 and len(rounds) >= 4
    small = content(*ROLLUPS, *FACTS)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
    assert content(*ROLLUPS, *FACTS) == small


def test_rebuild_is_idempotent(world):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        assert rollup.rebuild()[0] == 8
        first = content(*ROLLUPS, *FACTS)
        rollup.rebuild()
    assert content(*ROLLUPS, *FACTS) == first
    assert DailyFigures.objects.filter(level=0).count() == 4  # four filing days


def test_a_rebuild_since_a_day_keeps_the_days_before_it_and_the_watermark(world, settled):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
        mark = Watermark.objects.get()
        before = ids_by_day()
        complaints, _rows = rollup.rebuild(since=date(2026, 11, 3))
    assert complaints == 4  # k4, k5, k6 and k7
    after = ids_by_day()
    for day in (date(2026, 10, 30), date(2026, 11, 2)):
        assert after[day] == before[day]
    for day in (date(2026, 11, 3), date(2026, 11, 9)):
        assert not after[day] & before[day]
    again = Watermark.objects.get()
    assert (again.event_id, again.feedback_id) == (mark.event_id, mark.feedback_id)


def test_a_full_rebuild_moves_the_watermark_so_rounds_have_nothing_left(world, settled):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
        assert Watermark.objects.get().event_id == ComplaintEvent.objects.latest("pk").pk
        assert rollup.refresh(100) == 0


def test_nothing_is_taken_in_before_it_settles(world, settings):
    settings.TOUSU_ANALYTICS_SETTLE_SECONDS = 60
    world.file("k", at(2026, 11, 2, 10), Channel.WEB, world.shop)
    with time_machine.travel(at(2026, 11, 2, 10, 0, 30), tick=False):
        assert rollup.refresh(100) == 0
        assert not ComplaintFact.objects.exists()
    with time_machine.travel(at(2026, 11, 2, 10, 1, 1), tick=False):
        assert rollup.refresh(100) == 1
    assert ComplaintFact.objects.get().channel == Channel.WEB


def test_a_breach_that_only_notifies_is_counted(world, settled):
    phone = world.file("k", at(2026, 11, 2, 15), Channel.PHONE, world.shop)
    drain(at(2026, 11, 2, 16))
    events = ComplaintEvent.objects.filter(complaint=phone).count()
    world.sweep(at(2026, 11, 3, 15))  # the acknowledge clock (4 working hours, notify) ran out
    assert ComplaintEvent.objects.filter(complaint=phone).count() == events  # no timeline event
    assert list(Touched.objects.values_list("complaint_id", flat=True)) == [phone.pk]
    assert drain(at(2026, 11, 3, 15, 5)) == 1
    assert not Touched.objects.exists()
    clocks = {
        r["clock"]: r for r in tables(Filters(date(2026, 11, 2), date(2026, 11, 3)))["clocks"].rows
    }
    assert clocks["acknowledge"]["breached"] == 1


def test_the_worker_runs_the_figures_job(world, settled):
    assert "figures" in [job.name for job in JOBS]
    world.file("k", at(2026, 11, 2, 10), Channel.WEB, world.shop)
    with time_machine.travel(at(2026, 11, 2, 10, 5), tick=False):
        run_round(100)
    assert ComplaintFact.objects.count() == 1
    assert Watermark.objects.get().refreshed_at is not None


def test_keeping_the_figures_never_writes_a_complaint(world, settled):
    populate(world)
    before = [model_to_dict(c) for c in Complaint.objects.order_by("pk")]
    events = ComplaintEvent.objects.count()
    drain(at(2026, 11, 10, 12))
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
    assert [model_to_dict(c) for c in Complaint.objects.order_by("pk")] == before
    assert ComplaintEvent.objects.count() == events


def test_a_complaint_gone_from_the_database_leaves_the_figures_on_rebuild(world, settled):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
        ComplaintFact.objects.create(complaint_id=999_999, day=date(2026, 11, 2), channel="web")
        rollup.roll_days([date(2026, 11, 2)])
        assert (
            tables(Filters(date(2026, 11, 2), date(2026, 11, 3)))["summary"].rows[0]["filed"] == 4
        )
        rollup.rebuild()
    assert tables(Filters(date(2026, 11, 2), date(2026, 11, 3)))["summary"].rows[0]["filed"] == 3
    assert not ComplaintFact.objects.filter(complaint_id=999_999).exists()


def test_the_rebuild_command(world, settled):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        call_command("analytics_rebuild", "--since", "2026-11-03", stdout=(out := _Out()))
        assert out.text.startswith("4 complaints")
        call_command("analytics_rebuild", stdout=(out := _Out()))
        assert out.text.startswith("8 complaints")
    with pytest.raises(CommandError, match="2026-03-01"):
        call_command("analytics_rebuild", "--since", "3 November")
    with pytest.raises(CommandError):
        call_command("analytics_rebuild", "--batch", "0")


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_the_filing_day_is_the_shanghai_day(world, settled):
    # 23:30 in Shanghai is 15:30 UTC the same day; 00:30 in Shanghai is still the day before in UTC.
    world.file("late", at(2026, 11, 2, 23, 30), Channel.WEB, world.shop)
    world.file("early", at(2026, 11, 3, 0, 30), Channel.WEB, world.shop)
    drain(at(2026, 11, 3, 1) + timedelta(minutes=5))
    assert sorted(ComplaintFact.objects.values_list("day", flat=True)) == [
        date(2026, 11, 2),
        date(2026, 11, 3),
    ]


def test_the_breach_subscription_is_registered_at_start():
    from tousu.complaints import events
    from tousu.sla.events import Breached

    assert rollup.on_breached in events.subscribers()[Breached]


def test_after_catching_up_the_next_round_waits_for_the_interval(world, settled, settings):
    settings.TOUSU_ANALYTICS_INTERVAL_SECONDS = 30
    world.file("a", at(2026, 11, 2, 10), Channel.WEB, world.shop)
    with time_machine.travel(at(2026, 11, 2, 10, 0, 5), tick=False):
        assert rollup.refresh(100) == 1  # caught up
    world.file("b", at(2026, 11, 2, 10, 0, 10), Channel.APP, world.shop)
    with time_machine.travel(at(2026, 11, 2, 10, 0, 20), tick=False):
        assert rollup.refresh(100) == 0  # 15 s after: left to gather
    with time_machine.travel(at(2026, 11, 2, 10, 0, 36), tick=False):
        assert rollup.refresh(100) == 1
    assert ComplaintFact.objects.count() == 2
    assert not Watermark.objects.get().behind
