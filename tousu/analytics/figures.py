"""The figures of the supervisor dashboard (ISO 10002 monitoring), read from the rollups.

``tables(Filters(...))`` returns every table the dashboard shows, as plain data the page,
its charts and the CSV/XLSX export all render from. The numbers come from the rollup
tables only (``tousu.analytics.store``: a handful of grouped queries), never from a scan of
the complaints; each complaint counts in the cohort of its filing day, so every figure on
the page is about the same complaints and the tables agree with each other
(docs/analytics.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from tousu.analytics import ladder, store
from tousu.complaints.choices import Category, Channel
from tousu.sla.models import Clock

GRAINS = ("day", "week", "month")


@dataclass(frozen=True)
class Filters:
    start: date  # local (Asia/Shanghai) dates, [start, end)
    end: date
    grain: str = "day"  # "day" | "week" | "month" (the volume series' buckets)
    channel: str = ""  # Channel value or ""
    category: str = ""  # Category value or ""
    merchant_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # lazy-translated; Chinese by default
    kind: str = "int"  # "int" | "pct" | "hours" | "stars" | "text" | "date"


@dataclass(frozen=True)
class Table:
    key: str  # stable id, used in URLs (?table=by_channel&format=xlsx)
    title: str
    columns: list[Column]
    rows: list[dict]  # int, Decimal (pct/hours 1 decimal, stars 2), str, date, or None: no data
    drill: str = ""  # the row key that maps to a desk queue filter, "" if none


# --- formatting ---------------------------------------------------------------------------

# Rounding half up in integers, then scaled: a table of a thousand shops formats some ten
# thousand numbers, and Decimal division with quantize cost more than the queries.


def pct(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent with one decimal (half up); None when ``whole`` is 0."""
    if not whole:
        return None
    return Decimal((2000 * part + whole) // (2 * whole)).scaleb(-1)


def hours(minutes: float | None) -> Decimal | None:
    """Minutes as hours with one decimal (half up)."""
    return None if minutes is None else Decimal(int(minutes / 6 + 0.5)).scaleb(-1)


def stars(total: int, rated: int) -> Decimal | None:
    """Mean stars with two decimals (half up); None when nobody rated."""
    return None if not rated else Decimal((200 * total + rated) // (2 * rated)).scaleb(-2)


HISTOGRAMS = {
    prefix: tuple(f"{prefix}{i}" for i in range(ladder.BUCKETS))
    for prefix in ("ack_h", "res_h", "handle_h")
}


def _hist(row: dict, prefix: str) -> list[int]:
    return [row.get(key) or 0 for key in HISTOGRAMS[prefix]]


def median_hours(row: dict, prefix: str) -> Decimal | None:
    return hours(ladder.quantile(_hist(row, prefix), 0.5))


def p90_hours(row: dict, prefix: str) -> Decimal | None:
    return hours(ladder.quantile(_hist(row, prefix), 0.9))


# --- columns ------------------------------------------------------------------------------

C = Column
SUMMARY_COLUMNS = [
    C("filed", _("Complaints filed")),
    C("acknowledged", _("Acknowledged")),
    C("ack_median", _("Time to acknowledge, median (working hours)"), "hours"),
    C("ack_p90", _("Time to acknowledge, 90th percentile (working hours)"), "hours"),
    C("resolved", _("Resolved")),
    C("resolve_median", _("Time to resolve, median (working hours)"), "hours"),
    C("resolve_p90", _("Time to resolve, 90th percentile (working hours)"), "hours"),
    C("breach_rate", _("Deadline breach rate"), "pct"),
    C("reopen_rate", _("Reopen rate"), "pct"),
    C("rate_12315", _("Taken to 12315"), "pct"),
    C("black_cat_rate", _("Taken to Black Cat"), "pct"),
    C("satisfaction", _("Satisfaction (stars)"), "stars"),
    C("not_accepted_share", _("Did not accept the outcome"), "pct"),
    C("urging_rate", _("Urging rate"), "pct"),
]
RATE_COLUMNS = [
    C("filed", _("Complaints filed")),
    C("resolved", _("Resolved")),
    C("resolve_median", _("Time to resolve, median (working hours)"), "hours"),
    C("breach_rate", _("Deadline breach rate"), "pct"),
    C("reopen_rate", _("Reopen rate"), "pct"),
    C("rate_12315", _("Taken to 12315"), "pct"),
    C("black_cat_rate", _("Taken to Black Cat"), "pct"),
    C("satisfaction", _("Satisfaction (stars)"), "stars"),
    C("not_accepted_share", _("Did not accept the outcome"), "pct"),
    C("urging_rate", _("Urging rate"), "pct"),
]

# Per shop, no duration: a shop's median needs its histogram summed over every day of the
# period, which at 2,000 shops cost more than the rest of the page. Filter by the shop to
# see its durations in the summary.
SHOP_RATE_COLUMNS = [c for c in RATE_COLUMNS if c.key != "resolve_median"]


def rates(row: dict, *, durations: str = "all") -> dict[str, Any]:
    """The main figures of one group of complaints, from its summed rollup measures.
    ``durations``: "all", "resolve" (only the median time to resolve) or "none"."""
    get = row.get
    filed = get("filed") or 0
    rated = get("rated") or 0
    every = durations == "all"
    return {
        "filed": filed,
        "acknowledged": get("acknowledged") or 0,
        "ack_median": median_hours(row, "ack_h") if every else None,
        "ack_p90": p90_hours(row, "ack_h") if every else None,
        "resolved": get("resolved") or 0,
        "resolve_median": median_hours(row, "res_h") if durations != "none" else None,
        "resolve_p90": p90_hours(row, "res_h") if every else None,
        "breach_rate": pct(get("breached") or 0, filed),
        "reopen_rate": pct(get("reopened") or 0, filed),
        "rate_12315": pct(get("to_12315") or 0, filed),
        "black_cat_rate": pct(get("to_black_cat") or 0, filed),
        "satisfaction": stars(get("stars") or 0, rated),
        "not_accepted_share": pct(get("not_accepted") or 0, rated),
        "urging_rate": pct(get("urged") or 0, filed),
    }


def _only(row: dict, columns: list[Column]) -> dict:
    return {c.key: row.get(c.key) for c in columns}


# --- tables -------------------------------------------------------------------------------


def period_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())  # Monday
    if grain == "month":
        return day.replace(day=1)
    return day


def periods(f: Filters) -> list[date]:
    """Every bucket start of the volume series in [start, end), empty ones included."""
    out: list[date] = []
    day = f.start
    while day < f.end:
        start = period_start(day, f.grain)
        if not out or out[-1] != start:
            out.append(start)
        day += timedelta(days=1)
    return out


class _Reader:
    """The store's answers for one ``tables`` call, each question asked once (the shop
    table and the ranking share their query and the shops' names)."""

    def __init__(self, f: Filters) -> None:
        self.f = f
        self._cubes: dict[tuple[str, ...], list[dict]] = {}
        self._shops: dict = {}

    def cube(self, by: tuple[str, ...]) -> list[dict]:
        if by not in self._cubes:
            if by == ("day",):
                names = store.CUBE
            elif by == ("merchant_id",):
                names = store.COUNTS
            else:
                names = store.GROUPED
            self._cubes[by] = store.cube(self.f, by, names)
        return self._cubes[by]

    def shop_names(self, ids: list) -> dict:
        missing = [i for i in ids if i not in self._shops]
        if missing:
            self._shops.update(store.shop_names(missing))
        return self._shops


def _summary(f: Filters, r: _Reader) -> Table:
    # The days' sums added up here: the volume series' query answers both.
    total: dict[str, int] = {}
    for day in r.cube(("day",)):
        for name, value in day.items():
            if name != "day" and value:
                total[name] = total.get(name, 0) + value
    row = rates(total)
    return Table("summary", _("Summary"), SUMMARY_COLUMNS, [_only(row, SUMMARY_COLUMNS)])


def _volume(f: Filters, r: _Reader) -> Table:
    by_period: dict[date, dict[str, int]] = {p: {"filed": 0, "resolved": 0} for p in periods(f)}
    for row in r.cube(("day",)):
        bucket = by_period.setdefault(
            period_start(row["day"], f.grain), {"filed": 0, "resolved": 0}
        )
        bucket["filed"] += row["filed"] or 0
        bucket["resolved"] += row["resolved"] or 0
    columns = [
        C("period", _("Period"), "date"),
        C("filed", _("Complaints filed")),
        C("resolved", _("Resolved")),
    ]
    rows = [{"period": p, **counts} for p, counts in sorted(by_period.items())]
    return Table("volume", _("Volume"), columns, rows)


def _by(
    r: _Reader,
    key: str,
    dim: str,
    title: Any,
    label_title: Any,
    names: Callable[[list], dict],
    none_label: Any,
    columns: list[Column] = RATE_COLUMNS,
) -> Table:
    grouped = r.cube((dim,))
    labels = names([row[dim] for row in grouped if row[dim] is not None])
    rows = []
    for row in grouped:
        value = row[dim]
        label = str(labels.get(value, value)) if value is not None else str(none_label)
        figures = rates(row, durations="resolve" if columns is RATE_COLUMNS else "none")
        rows.append({key: value, "label": label, **_only(figures, columns)})
    rows.sort(key=lambda r: (-r["filed"], r["label"]))
    columns = [C("label", label_title, "text"), *columns]
    return Table(f"by_{key}", title, columns, rows, drill=key)


def _clocks(f: Filters) -> Table:
    labels = dict(Clock.choices)
    order = {value: i for i, value in enumerate(Clock.values)}
    rows = []
    for r in sorted(store.clocks(f), key=lambda r: order.get(r["clock"], len(order))):
        met, breached = r["met"] or 0, r["breached"] or 0
        rows.append(
            {
                "clock": r["clock"],
                "label": str(labels.get(r["clock"], r["clock"])),
                "met": met,
                "breached": breached,
                "breach_rate": pct(breached, met + breached),
            }
        )
    columns = [
        C("label", _("Clock"), "text"),
        C("met", _("Met")),
        C("breached", _("Breached")),
        C("breach_rate", _("Breach rate"), "pct"),
    ]
    return Table("clocks", _("Deadlines by clock"), columns, rows)


def _agents(f: Filters) -> Table:
    grouped = store.agents(f)
    names = store.user_names([r["agent"] for r in grouped])
    rows = [
        {
            "assignee": r["agent"],
            "label": names.get(r["agent"], str(r["agent"])),
            "assigned": r["assigned"] or 0,
            "resolved": r["resolved"] or 0,
            "handling_median": median_hours(r, "handle_h"),
            "replies": r["replies"] or 0,
        }
        for r in grouped
    ]
    rows.sort(key=lambda r: (-r["assigned"], -r["replies"], r["label"]))
    columns = [
        C("label", _("Agent"), "text"),
        C("assigned", _("Assigned")),
        C("resolved", _("Resolved")),
        C("handling_median", _("Handling time, median (working hours)"), "hours"),
        C("replies", _("Replies")),
    ]
    return Table("agents", _("Agent workload"), columns, rows, drill="assignee")


RANKING_COLUMNS = [
    C("rank", _("Rank")),
    C("label", _("Shop"), "text"),
    C("valid", _("Valid complaints")),
    C("reply_rate", _("Reply rate"), "pct"),
    C("on_time_rate", _("On-time reply rate"), "pct"),
    C("completion_rate", _("Completion rate"), "pct"),
    C("satisfaction", _("Satisfaction (stars)"), "stars"),
]


def shop_figures(row: dict) -> dict[str, Any]:
    """The Black Cat style figures of one shop from its summed rollup measures: every rate
    over its valid complaints, so the on-time reply rate never exceeds the reply rate."""
    valid = row.get("valid") or 0
    return {
        "valid": valid,
        "reply_rate": pct(row.get("replied") or 0, valid),
        "on_time_rate": pct(row.get("replied_on_time") or 0, valid),
        "completion_rate": pct(row.get("completed") or 0, valid),
        "satisfaction": stars(row.get("stars") or 0, row.get("rated") or 0),
    }


def _ranking(r: _Reader) -> Table:
    grouped = [row for row in r.cube(("merchant_id",)) if row["merchant_id"] is not None]
    names = r.shop_names([row["merchant_id"] for row in grouped])
    rows = [
        {
            "shop": row["merchant_id"],
            "label": names.get(row["merchant_id"], ""),
            **shop_figures(row),
        }
        for row in grouped
    ]
    rows = [row for row in rows if row["valid"]]
    rows.sort(key=lambda row: (-row["valid"], row["label"], row["shop"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    return Table("shops_ranking", _("Shop ranking"), RANKING_COLUMNS, rows, drill="shop")


def tables(f: Filters) -> dict[str, Table]:
    """Every table the dashboard shows, in display order (keys: summary, volume, by_channel,
    by_category, by_shop, by_team, clocks, agents, shops_ranking)."""
    r = _Reader(f)
    return {
        "summary": _summary(f, r),
        "volume": _volume(f, r),
        "by_channel": _by(
            r,
            "channel",
            "channel",
            _("By channel"),
            _("Channel"),
            lambda values: dict(Channel.choices),
            _("None"),
        ),
        "by_category": _by(
            r,
            "category",
            "category",
            _("By category"),
            _("Category"),
            lambda values: dict(Category.choices),
            _("None"),
        ),
        "by_shop": _by(
            r,
            "shop",
            "merchant_id",
            _("By shop"),
            _("Shop"),
            r.shop_names,
            _("No shop (platform service)"),
            SHOP_RATE_COLUMNS,
        ),
        "by_team": _by(
            r, "team", "team_id", _("By team"), _("Team"), store.team_names, _("No team")
        ),
        "clocks": _clocks(f),
        "agents": _agents(f),
        "shops_ranking": _ranking(r),
    }
