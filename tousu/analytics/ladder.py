"""The fixed ladder of working-minute buckets the duration histograms count in.

Medians and 90th percentiles of working-time durations are read from histograms stored in
the rollups (docs/analytics.md#medians-and-percentiles): a complaint adds one to the bucket
its duration falls in. ``BOUNDS`` are the buckets' upper bounds (exclusive), in working
minutes; a day of the default calendar is 540. Bucket ``i`` holds ``[BOUNDS[i-1], BOUNDS[i])``
(bucket 0 from 0), the last one everything from ``BOUNDS[-1]`` on. A quantile is interpolated
linearly inside its bucket, so it is exact to within that bucket's width: within 5 minutes up
to a quarter of an hour, then within half of the value or better.

The ladder is a column layout, not a setting: changing it means a migration of the rollup
tables and ``tousu analytics_rebuild``.
"""

from __future__ import annotations

import bisect

BOUNDS: tuple[int, ...] = (
    1,
    5,
    10,
    15,
    30,
    45,
    60,
    90,
    120,
    180,
    240,
    360,
    540,  # one working day of 9 hours
    810,
    1080,
    1620,
    2160,
    2700,  # five working days
    3780,
    5400,  # ten working days
    8100,
    10800,
    16200,  # thirty working days
    27000,
    54000,
)
BUCKETS = len(BOUNDS) + 1


def bucket(minutes: int) -> int:
    """The bucket ``minutes`` (≥ 0) falls in."""
    return bisect.bisect_right(BOUNDS, minutes)


def lower(i: int) -> int:
    return 0 if i == 0 else BOUNDS[i - 1]


def quantile(counts: list[int], q: float) -> float | None:
    """The ``q`` quantile (0 < q < 1) of the durations counted in ``counts``, in working
    minutes, interpolated inside its bucket; None when nothing was counted. A quantile in the
    open-ended last bucket is that bucket's lower bound."""
    total = sum(counts)
    if not total:
        return None
    rank = q * total
    seen = 0
    for i, n in enumerate(counts):
        if n and seen + n >= rank:
            if i == len(BOUNDS):
                return float(lower(i))
            return lower(i) + (BOUNDS[i] - lower(i)) * (rank - seen) / n
        seen += n
    return float(lower(len(counts) - 1))
