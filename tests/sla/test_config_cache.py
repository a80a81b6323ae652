"""Each process keeps the SLA configuration (tousu.sla.config) and reads it again when the
one-row token changes — also when another process committed the change (its signal
receivers ran there, not here)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.sla.sla_helpers import DEFAULT_POLICY, at, file_at, live
from tousu.sla import config
from tousu.sla.models import Clock, ClockRule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    monkeypatch.setattr(config, "_cached", None)


def rule_sql(duration: str) -> None:
    """What another process's edit of the default resolution rule leaves in the database."""
    rule = ClockRule.objects.get(policy__name=DEFAULT_POLICY, clock=Clock.RESOLUTION)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sla_clockrule SET duration = %s WHERE id = %s", [duration, rule.pk])


def new_token_sql() -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sla_configversion SET token = %s WHERE id = 1", ["elsewhere"])


def test_unchanged_configuration_costs_one_query():
    first = config.current()
    with CaptureQueriesContext(connection) as queries:
        assert config.current() is first
    assert len(queries.captured_queries) == 1


def test_another_process_s_change_is_seen_from_the_next_filing(consumer, order):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    assert live(complaint, Clock.RESOLUTION).duration == "15cd"
    rule_sql("3cd")
    new_token_sql()
    later = file_at(consumer, at(2025, 11, 10, 10), order, description="又一件")
    resolution = live(later, Clock.RESOLUTION)
    assert (resolution.duration, resolution.due_at) == (
        "3cd",
        at(2025, 11, 14, 0),
    )  # to the end of the 3rd day


def test_without_a_new_token_the_kept_configuration_is_used(consumer, order):
    file_at(consumer, at(2025, 11, 10, 9), order)  # this process reads the configuration
    rule_sql("3cd")  # a raw edit no receiver saw: the token is all a process asks for
    later = file_at(consumer, at(2025, 11, 10, 10), order, description="又一件")
    assert live(later, Clock.RESOLUTION).duration == "15cd"
    new_token_sql()
    last = file_at(consumer, at(2025, 11, 10, 11), order, description="第三件")
    assert live(last, Clock.RESOLUTION).duration == "3cd"
