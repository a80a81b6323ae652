"""The dashboard's figures, read from the rollups, equal the figures computed directly from
the raw rows of a small varied world; filters narrow them; medians and percentiles lie in
the bucket of the exact value."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from tests.analytics.conftest import at, populate
from tests.analytics.reference import exact_quantile, expected
from tousu.analytics import ladder, rollup
from tousu.analytics.figures import Filters, tables
from tousu.analytics.models import ComplaintFact

WEEK = Filters(date(2026, 11, 2), date(2026, 11, 9))
KEYS = [
    "summary",
    "volume",
    "by_channel",
    "by_category",
    "by_shop",
    "by_team",
    "clocks",
    "agents",
    "shops_ranking",
]
RATES = [
    "filed",
    "resolved",
    "breach_rate",
    "reopen_rate",
    "rate_12315",
    "black_cat_rate",
    "satisfaction",
    "not_accepted_share",
    "urging_rate",
]


@pytest.fixture
def built(world):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
    return world


def within_bucket(estimate: Decimal | None, exact_minutes: int | None) -> bool:
    """The estimate (working hours, one decimal) lies in the bucket of the exact value."""
    if exact_minutes is None:
        return estimate is None
    i = ladder.bucket(exact_minutes)
    low = ladder.lower(i) / 60
    high = ladder.BOUNDS[i] / 60 if i < len(ladder.BOUNDS) else low
    return estimate is not None and Decimal(str(low)) - Decimal("0.05") <= estimate <= Decimal(
        str(high)
    ) + Decimal("0.05")


def check(f: Filters) -> dict:
    want = expected(f)
    got = tables(f)
    assert list(got) == KEYS
    summary = got["summary"].rows[0]
    for key, value in want["summary"].items():
        assert summary[key] == value, key
    assert within_bucket(summary["ack_median"], exact_quantile(want["ack"], 0.5))
    assert within_bucket(summary["ack_p90"], exact_quantile(want["ack"], 0.9))
    assert within_bucket(summary["resolve_median"], exact_quantile(want["resolve"], 0.5))
    assert within_bucket(summary["resolve_p90"], exact_quantile(want["resolve"], 0.9))
    for table, key in (
        ("by_channel", "channel"),
        ("by_category", "category"),
        ("by_shop", "shop"),
        ("by_team", "team"),
    ):
        rows = {row[key]: row for row in got[table].rows}
        assert set(rows) == set(want[table]), table
        for value, figures in want[table].items():
            assert {k: rows[value][k] for k in RATES} == {k: figures[k] for k in RATES}, (
                table,
                value,
            )
        assert got[table].drill == key
    clocks = {row["clock"]: (row["met"], row["breached"]) for row in got["clocks"].rows}
    assert clocks == {k: tuple(v) for k, v in want["clocks"].items()}
    agents = {row["assignee"]: row for row in got["agents"].rows}
    assert set(agents) == set(want["agents"])
    for agent, figures in want["agents"].items():
        row = agents[agent]
        assert (row["assigned"], row["resolved"], row["replies"]) == (
            figures["assigned"],
            figures["resolved"],
            figures["replies"],
        )
        assert within_bucket(row["handling_median"], exact_quantile(figures["handling"], 0.5))
    ranking = got["shops_ranking"].rows
    assert {
        row["shop"]: {k: row[k] for k in want["shops"].get(row["shop"], {})} for row in ranking
    } == want["shops"]
    assert [row["rank"] for row in ranking] == list(range(1, len(ranking) + 1))
    assert [row["valid"] for row in ranking] == sorted(
        (row["valid"] for row in ranking), reverse=True
    )
    volume = {row["period"]: (row["filed"], row["resolved"]) for row in got["volume"].rows}
    periods = {"day": lambda d: d, "week": lambda d: d - timedelta(days=d.weekday())}
    start_of = periods.get(f.grain, lambda d: d.replace(day=1))
    filed, resolved = Counter(), Counter()
    for day, n in want["volume"].items():
        filed[start_of(day)] += n
    for day, n in want["volume_resolved"].items():
        resolved[start_of(day)] += n
    assert set(filed) <= set(volume)
    for period in volume:
        assert volume[period] == (filed[period], resolved[period])
    return want


def test_the_world_is_varied(built):
    want = check(WEEK)
    s = want["summary"]
    # Every kind of thing the figures count happened at least once.
    assert s["filed"] == 6 and s["acknowledged"] == 6 and s["resolved"] == 4
    assert s["breach_rate"] > 0 and s["reopen_rate"] > 0 and s["urging_rate"] > 0
    assert s["rate_12315"] > 0 and s["black_cat_rate"] > 0
    assert s["satisfaction"] is not None and s["not_accepted_share"] == Decimal("50.0")
    assert len(want["by_channel"]) == 4 and len(want["by_team"]) == 3 and len(want["by_shop"]) == 3
    assert {
        state for clock, (met, breached) in want["clocks"].items() for state in (met, breached)
    } != {0}
    assert any(b for _m, b in want["clocks"].values()) and any(
        m for m, _b in want["clocks"].values()
    )
    assert max(want["ack"]) > 0 and max(want["resolve"]) > 0


def test_rollup_figures_equal_the_raw_rows(built):
    check(WEEK)
    check(Filters(date(2026, 11, 1), date(2026, 12, 1), grain="week"))
    check(Filters(date(2026, 10, 1), date(2027, 1, 1), grain="month"))


def test_filters_narrow(built):
    w = built
    whole = tables(WEEK)["summary"].rows[0]["filed"]
    for f in (
        Filters(WEEK.start, WEEK.end, channel="app"),
        Filters(WEEK.start, WEEK.end, category="quality"),
        Filters(WEEK.start, WEEK.end, merchant_id=w.shop.pk),
        Filters(WEEK.start, WEEK.end, team_id=w.teams[0].pk),
        Filters(WEEK.start, WEEK.end, channel="app", merchant_id=w.other_shop.pk),
        Filters(WEEK.start, WEEK.end, category="quality", team_id=w.teams[0].pk),
        Filters(date(2026, 11, 3), date(2026, 11, 4)),
    ):
        want = check(f)
        filed = tables(f)["summary"].rows[0]["filed"]
        assert filed == want["summary"]["filed"] < whole, f
    only_app = tables(Filters(WEEK.start, WEEK.end, channel="app"))
    assert [row["channel"] for row in only_app["by_channel"].rows] == ["app"]
    assert {row["shop"] for row in only_app["shops_ranking"].rows} == {w.other_shop.pk}


def test_an_empty_period_has_no_figures_but_every_table(built):
    got = tables(Filters(date(2025, 1, 1), date(2025, 1, 8)))
    assert list(got) == KEYS
    assert got["summary"].rows[0]["filed"] == 0
    assert got["summary"].rows[0]["breach_rate"] is None
    assert got["summary"].rows[0]["resolve_median"] is None
    assert [row["filed"] for row in got["volume"].rows] == [0] * 7
    assert got["by_channel"].rows == [] and got["shops_ranking"].rows == []


def test_volume_buckets_by_week_and_month(built):
    weeks = tables(Filters(date(2026, 11, 1), date(2026, 11, 16), grain="week"))["volume"].rows
    assert [(r["period"], r["filed"]) for r in weeks] == [
        (date(2026, 10, 26), 0),  # the week of Sunday 1 November starts on Monday 26 October
        (date(2026, 11, 2), 6),
        (date(2026, 11, 9), 1),
    ]
    months = tables(Filters(date(2026, 10, 15), date(2026, 12, 2), grain="month"))["volume"].rows
    assert [(r["period"], r["filed"]) for r in months] == [
        (date(2026, 10, 1), 1),
        (date(2026, 11, 1), 7),
        (date(2026, 12, 1), 0),
    ]


def test_values_have_the_kinds_their_columns_say(built):
    for table in tables(WEEK).values():
        for column in table.columns:
            for row in table.rows:
                value = row[column.key]
                if value is None:
                    continue
                if column.kind == "int":
                    assert isinstance(value, int), (table.key, column.key)
                elif column.kind in ("pct", "hours"):
                    assert isinstance(value, Decimal) and value.as_tuple().exponent == -1
                elif column.kind == "stars":
                    assert isinstance(value, Decimal) and value.as_tuple().exponent == -2
                elif column.kind == "text":
                    assert isinstance(value, str)
                elif column.kind == "date":
                    assert isinstance(value, date)


def test_figures_read_the_rollups_only(built, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        tables(WEEK)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "complaints_complaint" not in sql and "analytics_complaintfact" not in sql
    assert len(queries.captured_queries) <= 10  # one per table and one per kind of name
    assert ComplaintFact.objects.count() == 8
