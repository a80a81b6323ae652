"""The duration histograms' bucket ladder and its quantiles; working minutes in O(1)."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tousu.analytics import ladder
from tousu.analytics.worktime import Minutes
from tousu.sla.worktime import Calendar, NationalSchedule, working_time_between

SH = ZoneInfo("Asia/Shanghai")


def histogram(values):
    counts = [0] * ladder.BUCKETS
    for v in values:
        counts[ladder.bucket(v)] += 1
    return counts


def test_buckets_are_half_open_and_cover_everything():
    assert ladder.bucket(0) == 0
    assert ladder.bucket(1) == 1  # [1, 5)
    assert ladder.bucket(4) == 1 and ladder.bucket(5) == 2
    assert ladder.bucket(539) == ladder.bucket(360) and ladder.bucket(540) == ladder.bucket(809)
    assert ladder.bucket(10**7) == ladder.BUCKETS - 1
    assert list(ladder.BOUNDS) == sorted(set(ladder.BOUNDS))


def test_nothing_counted_has_no_quantile():
    assert ladder.quantile([0] * ladder.BUCKETS, 0.5) is None


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("q", [0.5, 0.9])
def test_a_quantile_lies_in_the_bucket_of_the_exact_value(seed, q):
    rng = random.Random(seed)
    values = [int(rng.lognormvariate(6, 1.5)) for _ in range(rng.randint(1, 300))]
    exact = sorted(values)[max(1, math.ceil(q * len(values))) - 1]
    estimate = ladder.quantile(histogram(values), q)
    i = ladder.bucket(exact)
    high = ladder.BOUNDS[i] if i < len(ladder.BOUNDS) else ladder.lower(i)
    assert ladder.lower(i) <= estimate <= high


def test_one_value_is_found_in_its_bucket():
    assert 30 <= ladder.quantile(histogram([40]), 0.5) <= 45
    assert ladder.quantile(histogram([10**6]), 0.9) == ladder.BOUNDS[-1]


@pytest.mark.parametrize("every_day", [False, True])
def test_working_minutes_agree_with_the_sla_engine(every_day):
    from datetime import time

    calendar = Calendar(
        "office", time(9), time(18), every_day=every_day, schedule=NationalSchedule()
    )
    minutes = Minutes(calendar)
    rng = random.Random(7)
    start = datetime(2025, 12, 20, tzinfo=SH)  # across New Year and the Spring Festival
    for _ in range(500):
        a = start + timedelta(minutes=rng.randint(0, 90 * 24 * 60))
        b = a + timedelta(minutes=rng.randint(0, 30 * 24 * 60))
        exact = working_time_between(a, b, calendar).total_seconds() / 60
        assert abs(minutes.between(a, b) - exact) < 1
    # Asked for an earlier day than any before: the table starts again there.
    a = datetime(2025, 6, 10, 9, tzinfo=SH)  # a Tuesday
    assert minutes.between(a, a + timedelta(days=1)) == 540


def test_a_year_without_a_holiday_schedule_gives_no_duration():
    from datetime import time

    minutes = Minutes(Calendar("office", time(9), time(18), schedule=NationalSchedule()))
    a = datetime(2031, 3, 2, 10, tzinfo=SH)
    assert minutes.between(a, a + timedelta(hours=2)) is None
    assert minutes.between(a + timedelta(hours=2), a) is None
