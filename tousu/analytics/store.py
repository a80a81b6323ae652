"""Where the figures read their sums: the rollup tables only, never the complaints.

Each question ("the filed complaints by channel, for this shop, in March") is one grouped
query over the rollup rows of the days asked, at the smallest level that keeps every
dimension the question filters or groups by (``level_for``). At the default dashboard
(no filter) that is a few rows per day; a question that combines a shop with a channel
reads the full level.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import connection

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


def _where(f: Filters, by: tuple[str, ...]) -> tuple[list[str], list]:
    level = level_for(filtered_dimensions(f) | (set(by) & set(LEVELS[5])))
    ops = connection.ops
    clauses = ["level = %s", "day >= %s", "day < %s"]
    params: list = [level, ops.adapt_datefield_value(f.start), ops.adapt_datefield_value(f.end)]
    for column, value in (
        ("channel", f.channel),
        ("category", f.category),
        ("merchant_id", f.merchant_id),
        ("team_id", f.team_id),
    ):
        if value not in ("", None):
            clauses.append(f"{ops.quote_name(column)} = %s")
            params.append(value)
    return clauses, params


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _sums(
    model, f: Filters, by: tuple[str, ...], names: tuple[str, ...], extra: str = ""
) -> list[dict]:
    """One grouped query, in SQL written here: with some seventy sums the ORM spent more
    time building the query and converting the rows than the database spent answering."""
    quote = connection.ops.quote_name
    clauses, params = _where(f, by)
    keys = [quote(column) for column in by]
    sums = [f"SUM({quote(name)})" for name in names]
    sql = (
        f"SELECT {', '.join(keys + sums)} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {' AND '.join(clauses)}{extra}" + (f" GROUP BY {', '.join(keys)}" if keys else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    columns = (*by, *names)
    rows = [dict(zip(columns, values, strict=True)) for values in fetched]
    if "day" in by:
        for row in rows:
            row["day"] = _day(row["day"])
    if not by:
        return [] if not rows or all(v is None for v in rows[0].values()) else rows
    return rows


# The measures a table per channel, category, shop or team shows: the counts and, of the
# durations, the time to resolve (fewer columns summed: the cost of these queries is per
# column and row).
COUNTS = ("filed", "stars", *CUBE_COUNTS)
GROUPED = COUNTS + tuple(f"res_h{i}" for i in range(ladder.BUCKETS))


def cube(f: Filters, by: tuple[str, ...], names: tuple[str, ...] = CUBE) -> list[dict]:
    """The measures ``names`` (all by default) of the complaints filed in ``f``, summed per
    value of ``by`` (``day``, ``channel``, ``category``, ``merchant_id``, ``team_id``; () for
    one total)."""
    return _sums(DailyFigures, f, by, names)


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
    names = COUNTS
    extra = f" AND {connection.ops.quote_name('merchant_id')} IS NOT NULL"
    if merchant_ids is not None:
        if not merchant_ids:
            return {}
        ids = ", ".join(str(int(pk)) for pk in merchant_ids)
        extra += f" AND {connection.ops.quote_name('merchant_id')} IN ({ids})"
    return {
        row["merchant_id"]: row for row in _sums(DailyFigures, f, ("merchant_id",), names, extra)
    }


def as_of() -> datetime | None:
    """When the rollups last took in changes (a worker round or a rebuild), None if never."""
    mark = Watermark.objects.filter(pk=1).values_list("refreshed_at", "rebuilt_at").first()
    times = [t for t in (mark or ()) if t is not None]
    return max(times) if times else None
