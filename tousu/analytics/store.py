"""Where the figures read their sums: the rollup tables only, never the complaints.

Each question ("the filed complaints by channel, for this shop, in March") is one grouped
query over the rollup rows of the days asked, at the smallest level that keeps every
dimension the question filters or groups by (``level_for``). At the default dashboard
(no filter) that is a few rows per day; a question that combines a shop with a channel
reads the full level.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet, Sum

from tousu.accounts.models import User
from tousu.analytics import ladder
from tousu.analytics.models import (
    CUBE_COUNTS,
    LEVELS,
    DailyAgent,
    DailyClock,
    DailyFigures,
    Watermark,
)
from tousu.merchants.models import Merchant
from tousu.teams.models import Team

if TYPE_CHECKING:
    from tousu.analytics.figures import Filters

CUBE = ("filed", "stars", *CUBE_COUNTS) + tuple(
    f"{prefix}{i}" for prefix in ("ack_h", "res_h") for i in range(ladder.BUCKETS)
)
CLOCK = ("met", "breached")
AGENT = ("assigned", "resolved", "replies") + tuple(f"handle_h{i}" for i in range(ladder.BUCKETS))


def filtered_dimensions(f: Filters) -> set[str]:
    wanted = set()
    if f.channel:
        wanted.add("channel")
    if f.category:
        wanted.add("category")
    if f.merchant_id is not None:
        wanted.add("merchant_id")
    if f.team_id is not None:
        wanted.add("team_id")
    return wanted


def level_for(dimensions: set[str]) -> int:
    """The smallest level that keeps every one of ``dimensions``."""
    for level, kept in LEVELS.items():
        if dimensions <= set(kept):
            return level
    raise ValueError(f"no rollup level keeps {sorted(dimensions)}")


def _rows(model, f: Filters, by: tuple[str, ...]) -> QuerySet:
    level = level_for(filtered_dimensions(f) | (set(by) & set(LEVELS[5])))
    rows = model.objects.filter(level=level, day__gte=f.start, day__lt=f.end)
    if f.channel:
        rows = rows.filter(channel=f.channel)
    if f.category:
        rows = rows.filter(category=f.category)
    if f.merchant_id is not None:
        rows = rows.filter(merchant_id=f.merchant_id)
    if f.team_id is not None:
        rows = rows.filter(team_id=f.team_id)
    return rows


def _sums(model, f: Filters, by: tuple[str, ...], names: tuple[str, ...]) -> list[dict]:
    rows = _rows(model, f, by)
    sums = {name: Sum(name) for name in names}
    if by:
        return list(rows.values(*by).annotate(**sums).order_by())
    total = rows.aggregate(**sums)
    return [total] if any(value is not None for value in total.values()) else []


def cube(f: Filters, by: tuple[str, ...]) -> list[dict]:
    """The main measures of the complaints filed in ``f``, summed per value of ``by``
    (``day``, ``channel``, ``category``, ``merchant_id``, ``team_id``; () for one total)."""
    return _sums(DailyFigures, f, by, CUBE)


def clocks(f: Filters) -> list[dict]:
    """Met and breached runs per SLA clock."""
    return _sums(DailyClock, f, ("clock",), CLOCK)


def agents(f: Filters) -> list[dict]:
    """Per agent (key ``agent``): assigned, resolved, replies and the handling-time histogram."""
    rows = _sums(DailyAgent, f, ("agent_id",), AGENT)
    for row in rows:
        row["agent"] = row.pop("agent_id")
    return rows


def shop_names(ids: list) -> dict:
    return dict(Merchant.objects.filter(pk__in=ids).values_list("pk", "shop_name"))


def team_names(ids: list) -> dict:
    return dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))


def user_names(ids: list) -> dict:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}


def by_shop(f: Filters, merchant_ids: list[int] | None = None) -> dict[int, dict]:
    """The main measures per shop (``merchant_id`` → sums), for ``merchant_ids`` only if given."""
    rows = _rows(DailyFigures, f, ("merchant_id",)).filter(merchant_id__isnull=False)
    if merchant_ids is not None:
        rows = rows.filter(merchant_id__in=merchant_ids)
    sums = {name: Sum(name) for name in CUBE if not name.startswith(("ack_h", "res_h"))}
    return {
        row["merchant_id"]: row for row in rows.values("merchant_id").annotate(**sums).order_by()
    }


def as_of() -> datetime | None:
    """When the rollups last took in changes (a worker round or a rebuild), None if never."""
    mark = Watermark.objects.filter(pk=1).values_list("refreshed_at", "rebuilt_at").first()
    times = [t for t in (mark or ()) if t is not None]
    return max(times) if times else None
