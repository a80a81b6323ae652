"""Several workers at once never fire an action twice; a worker killed mid-batch loses nothing."""

from __future__ import annotations

import threading
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.conftest import draft
from tests.sla.sla_helpers import at, file_at, runs, status_events, step, sweep_at
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.sla import sweep
from tousu.sla.models import Clock, DeadlineState

DUE = at(2025, 11, 12, 10)  # merchant response of a complaint forwarded Mon 10 Nov 10:00 (48ch)


@pytest.fixture
def forwarded(consumer, order, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10))
    return complaint


def lease() -> timedelta:
    return timedelta(seconds=settings.TOUSU_SLA_LEASE_SECONDS)


def test_a_worker_killed_after_claiming_loses_nothing(forwarded):
    token, ids = sweep.claim(10, DUE)  # ... and the worker dies here
    assert (
        len(ids) == 1 and runs(forwarded, Clock.MERCHANT_RESPONSE)[0].state == DeadlineState.CLAIMED
    )
    assert sweep_at(DUE + timedelta(seconds=60)).fired == 0  # the lease still holds
    assert sweep_at(DUE + lease() + timedelta(seconds=1)).fired == 1  # taken over after it expires
    assert sweep_at(DUE + lease() + timedelta(seconds=2)).fired == 0
    assert status_events(forwarded, "merchant_agree") == 1


def test_the_late_first_worker_cannot_fire_a_run_taken_over(forwarded):
    slow, ids = sweep.claim(10, DUE)
    assert sweep_at(DUE + lease() + timedelta(seconds=1)).fired == 1
    assert [sweep.fire(pk, slow, DUE + lease() + timedelta(seconds=5)) for pk in ids] == [None]
    assert status_events(forwarded, "merchant_agree") == 1


def test_a_worker_killed_while_firing_rolls_back_and_the_action_happens_later(
    forwarded, monkeypatch
):
    real = actions.take_structured_step  # the merchant deemed to agree: a structured step

    def dies_after_the_step(*args, **kwargs):
        real(*args, **kwargs)
        raise SystemExit("killed")

    monkeypatch.setattr(actions, "take_structured_step", dies_after_the_step)
    with pytest.raises(SystemExit):
        sweep_at(DUE)
    monkeypatch.setattr(actions, "take_structured_step", real)
    forwarded.refresh_from_db()
    assert (
        forwarded.status == "waiting_merchant" and status_events(forwarded, "merchant_agree") == 0
    )
    assert (
        runs(forwarded, Clock.MERCHANT_RESPONSE)[0].state == DeadlineState.CLAIMED
    )  # the claim committed
    assert sweep_at(DUE + lease() + timedelta(seconds=1)).fired == 1
    assert status_events(forwarded, "merchant_agree") == 1


def test_two_sweeps_in_turn_share_nothing(consumer, order, agent, no_filing_limits):
    for n in range(6):
        complaint = file_at(consumer, at(2025, 11, 10, 9), order, description=f"第 {n} 次")
        step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10))
    first_token, first = sweep.claim(4, DUE)
    second_token, second = sweep.claim(4, DUE)
    assert len(first) == 4 and len(second) == 2 and not set(first) & set(second)


def reseed_defaults() -> None:
    """A transactional test may follow another that flushed the seeded rows: seed them again."""
    from django.apps import apps

    for name in ("0002_default_calendars", "0004_default_policies"):
        import_module(f"tousu.sla.migrations.{name}").seed(apps, None)


@pytest.mark.django_db(transaction=True)
def test_four_workers_at_once_fire_each_action_exactly_once(
    consumer, order, agent, no_filing_limits
):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "an in-memory SQLite database is not shared between threads: make test uses a file"
        )
    reseed_defaults()
    complaints = []
    for n in range(40):
        complaint, _ = filing.file_complaint(
            consumer, draft(order.number, description=f"第 {n} 次"), channel=Channel.APP
        )
        complaints.append(
            actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
        )
    later = timezone.now() + timedelta(days=3)
    fired: list[list[str]] = [[] for _ in range(4)]
    start, all_claimed = threading.Barrier(4), threading.Barrier(4)

    def work(slot: int) -> None:
        start.wait()
        try:
            token, ids = sweep.claim(3, later)
            all_claimed.wait()  # every worker holds a claim before any fires: the work is shared
            while ids:
                fired[slot] += [outcome for pk in ids if (outcome := sweep.fire(pk, token, later))]
                token, ids = sweep.claim(3, later)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(f) for f in fired) == 40
    assert all(fired)  # the work really was shared
    for complaint in complaints:
        assert status_events(complaint, "merchant_agree") == 1
