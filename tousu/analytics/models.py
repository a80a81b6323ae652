"""The figures' derived tables: per-complaint facts and the daily rollups summed from them.

Nothing here is a record of what happened: every row can be thrown away and computed
again from the complaints (``tousu analytics_rebuild``). The worker keeps them in step
(``tousu.analytics.rollup``); the dashboard reads only the rollups
(``tousu.analytics.store``). Ids of complaints, shops, teams and agents are plain integers,
not foreign keys: a derived row must never hold up a change to the rows it is derived from.
docs/analytics.md explains the design.
"""

from __future__ import annotations

from django.db import models

from tousu.analytics import ladder

# Rollup rows exist at several levels: the same complaints summed over fewer or more of
# the dimensions. The figures read the smallest level that has the dimensions a question
# filters or groups by (``store.level_for``). Level → the dimensions it keeps besides the day.
LEVELS: dict[int, tuple[str, ...]] = {
    0: (),
    1: ("channel",),
    2: ("category",),
    3: ("team_id",),
    4: ("merchant_id",),
    5: ("channel", "category", "merchant_id", "team_id"),
}
DIMENSIONS = ("channel", "category", "merchant_id", "team_id")

# The counts the main rollup keeps for each group, all additive (0/1 per complaint, or stars).
CUBE_COUNTS = (
    "valid",
    "acknowledged",
    "resolved",
    "completed",
    "reopened",
    "to_12315",
    "to_black_cat",
    "urged",
    "rated",
    "not_accepted",
    "replied",
    "replied_on_time",
    "breached",
    "decided_against",
)


def _flag() -> models.PositiveSmallIntegerField:
    # 0 or 1 rather than a boolean: PostgreSQL cannot SUM a boolean.
    return models.PositiveSmallIntegerField(default=0)


class Dimensions(models.Model):
    """The day of filing (Asia/Shanghai) and what a complaint is counted under now."""

    day = models.DateField()
    channel = models.CharField(max_length=16, blank=True)
    category = models.CharField(max_length=24, blank=True)
    merchant_id = models.BigIntegerField(null=True, blank=True)
    team_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class ComplaintFact(Dimensions):
    """What one complaint contributes (``tousu.analytics.facts.Fact``), kept so that a
    change to one complaint costs re-reading that complaint, not its whole day."""

    complaint_id = models.BigIntegerField(primary_key=True)
    assignee_id = models.BigIntegerField(null=True, blank=True)
    valid = _flag()
    acknowledged = _flag()
    resolved = _flag()
    completed = _flag()
    reopened = _flag()
    to_12315 = _flag()
    to_black_cat = _flag()
    urged = _flag()
    rated = _flag()
    stars = models.PositiveSmallIntegerField(default=0)
    not_accepted = _flag()
    replied = _flag()
    replied_on_time = _flag()
    breached = _flag()
    decided_against = _flag()
    ack_bucket = models.PositiveSmallIntegerField(null=True, blank=True)
    resolve_bucket = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["day"], name="an_fact_day")]


class ClockFact(Dimensions):
    """A complaint's ended runs of one SLA clock: how many were met and how many breached."""

    complaint_id = models.BigIntegerField()
    clock = models.CharField(max_length=24)
    met = models.PositiveIntegerField(default=0)
    breached = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["complaint_id"], name="an_clockfact_complaint"),
            models.Index(fields=["day"], name="an_clockfact_day"),
        ]


class AgentFact(Dimensions):
    """One agent's part in one complaint: assigned to it now (and resolved), and replies."""

    complaint_id = models.BigIntegerField()
    agent_id = models.BigIntegerField()
    assigned = _flag()
    resolved = _flag()
    handle_bucket = models.PositiveSmallIntegerField(null=True, blank=True)
    replies = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["complaint_id"], name="an_agentfact_complaint"),
            models.Index(fields=["day"], name="an_agentfact_day"),
        ]


class Rollup(Dimensions):
    level = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class DailyFigures(Rollup):
    """The complaints filed on one day, summed at one level (``LEVELS``)."""

    filed = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    acknowledged = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    to_12315 = models.PositiveIntegerField(default=0)
    to_black_cat = models.PositiveIntegerField(default=0)
    urged = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    stars = models.PositiveIntegerField(default=0)
    not_accepted = models.PositiveIntegerField(default=0)
    replied = models.PositiveIntegerField(default=0)
    replied_on_time = models.PositiveIntegerField(default=0)
    breached = models.PositiveIntegerField(default=0)
    decided_against = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["level", "day"], name="an_daily_level_day"),
            models.Index(fields=["level", "merchant_id", "day"], name="an_daily_level_shop"),
        ]


class DailyClock(Rollup):
    """Ended runs of one SLA clock of the complaints filed on one day, at one level."""

    clock = models.CharField(max_length=24)
    met = models.PositiveIntegerField(default=0)
    breached = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["level", "day"], name="an_clock_level_day"),
            models.Index(fields=["level", "merchant_id", "day"], name="an_clock_level_shop"),
        ]


class DailyAgent(Rollup):
    """One agent's work on the complaints filed on one day, at one level."""

    agent_id = models.BigIntegerField()
    assigned = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["level", "day"], name="an_agent_level_day"),
            models.Index(fields=["level", "merchant_id", "day"], name="an_agent_level_shop"),
        ]


# The duration histograms (``ladder``): one count column per bucket.
for _i in range(ladder.BUCKETS):
    DailyFigures.add_to_class(f"ack_h{_i}", models.PositiveIntegerField(default=0))
    DailyFigures.add_to_class(f"res_h{_i}", models.PositiveIntegerField(default=0))
    DailyAgent.add_to_class(f"handle_h{_i}", models.PositiveIntegerField(default=0))


class Watermark(models.Model):
    """How far the rollups have read (one row): the last timeline event and rating taken in."""

    event_id = models.BigIntegerField(default=0)
    feedback_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # The last round took as many complaints as it could: more are waiting, no pause.
    behind = models.BooleanField(default=False)
    rebuilt_at = models.DateTimeField(null=True, blank=True)


class Touched(models.Model):
    """A complaint whose figures changed without a timeline event (a breach the sweep only
    notified about): taken in by the next round."""

    complaint_id = models.BigIntegerField(primary_key=True)
