"""``tousu worker`` survives a database outage instead of exiting (docs/benchmarks.md)."""

import pytest
from django.db import OperationalError

from tousu.jobs.management.commands import worker

pytestmark = pytest.mark.django_db


def test_a_database_error_in_a_round_is_logged_and_the_worker_goes_on(monkeypatch, caplog):
    rounds = []

    def round_(limit):
        rounds.append(limit)
        if len(rounds) == 1:
            raise OperationalError("the database system is shutting down")
        command.stopping = True  # the second round ran: stop as SIGTERM would
        return 0

    command = worker.Command()
    monkeypatch.setattr(worker, "run_round", round_)
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(worker.signal, "signal", lambda *args: None)
    command.handle(once=False, interval=0.0, batch=5)
    assert rounds == [5, 5]
    assert "database error" in caplog.text


def test_with_once_the_error_is_not_hidden(monkeypatch):
    def broken(limit):
        raise OperationalError("connection refused")

    monkeypatch.setattr(worker, "run_round", broken)
    monkeypatch.setattr(worker.signal, "signal", lambda *args: None)
    with pytest.raises(OperationalError):
        worker.Command().handle(once=True, interval=0.0, batch=5)
