"""How the figures look on the page: values in words (percentages with one decimal, working
hours like the deadlines' time left, "—" for no data), the charts' data for
``tousu/figures.js`` and the links from a row to the desk queue with its filter set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from tousu.analytics.figures import Column, Filters, Table
from tousu.merchants.models import Merchant
from tousu.search.queue import ANY_STATUS, NO_TEAM, QueueFilters

NO_DATA = "—"
# The queue's filters a figure can carry over.
QUEUE_FILTERS = frozenset(QueueFilters.base_fields)


def work_hours(value: float) -> str:
    """Working hours the way a deadline's time left is told: "26 小时 30 分钟", "40 分钟".
    Never days: a working day is not 24 hours."""
    minutes = int(round(float(value) * 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    words = ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if minutes and hours < 100:
        words += " " + ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return words


def shown(column: Column, value) -> str:
    """A value as the page shows it."""
    if value is None or value == "":
        return NO_DATA
    if column.kind == "pct":
        return f"{value:.1f}%"
    if column.kind == "hours":
        return work_hours(value)
    if column.kind == "stars":
        return f"{value:.2f}"
    if column.kind == "int":
        return f"{int(value):,}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def bucket_label(value, f: Filters) -> str:
    """A period on the volume chart's axis: 11-05 (a day, or the Monday of a week), 2026-11
    (a month); a day with its year when the period crosses a new year."""
    if not isinstance(value, date):
        return str(value)
    if f.grain == "month":
        return value.strftime("%Y-%m")
    if f.start.year != (f.end - timedelta(days=1)).year:
        return value.isoformat()
    return value.strftime("%m-%d")


@dataclass
class Row:
    cells: list[tuple[str, str]]  # (text as shown, column kind)
    link: str  # the queue with this row's filter, or ""
    linked: int  # which cell carries the link: the one that names the row


def drill_links(found: dict[str, Table], f: Filters, shop: str = "") -> dict[str, list[str]]:
    """For each table, each row's link to the queue filtered to that row and to the page's
    own filters (``shop``: the external ID of the page's shop), any status (the figures
    count closed complaints too); "" when the row has no shop or the queue has no such
    filter; the row of no team lists the queue's complaints in no team. One query for the shops of every table: the queue finds
    a shop by its external ID, the figures by its pk."""
    base: dict[str, str] = {"status": ANY_STATUS}
    if f.channel:
        base["channel"] = f.channel
    if f.category:
        base["category"] = f.category
    if shop:
        base["shop"] = shop
    if f.team_id:
        base["team"] = str(f.team_id)
    drilled = {k: t for k, t in found.items() if t.drill and t.drill in QUEUE_FILTERS}
    shop_pks = {r.get("shop") for t in drilled.values() if t.drill == "shop" for r in t.rows}
    shops = dict(
        Merchant.objects.filter(pk__in=[pk for pk in shop_pks if pk]).values_list(
            "pk", "external_id"
        )
        if any(shop_pks)
        else []
    )
    queue = reverse("desk:queue")
    links: dict[str, list[str]] = {}
    for key, table in found.items():
        links[key] = []
        for row in table.rows:
            value = row.get(table.drill) if key in drilled else None
            if table.drill == "shop":
                value = shops.get(value)
            elif table.drill == "team" and value is None and key in drilled:
                value = NO_TEAM  # the queue's "no team"
            if value is None or value == "":
                links[key].append("")
            else:
                links[key].append(f"{queue}?{urlencode({**base, table.drill: str(value)})}")
    return links


def number(value) -> float | int | None:
    """A value for the chart's JSON: Decimal would become a string there."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


def rows(table: Table, links: list[str]) -> list[Row]:
    linked = table.columns.index(label_column(table)) if table.columns else 0
    return [
        Row(
            cells=[(shown(c, row.get(c.key)), c.kind) for c in table.columns],
            link=link,
            linked=linked,
        )
        for row, link in zip(table.rows, links)
    ]


def label_column(table: Table) -> Column:
    """The column that names a row: the first text or date column."""
    for column in table.columns:
        if column.kind in ("text", "date"):
            return column
    return table.columns[0]


def chart(
    table: Table,
    f: Filters,
    links: list[str],
    *,
    kind: str,
    series: list[str] | None = None,
    colors: list[str] | None = None,
) -> dict:
    """The data ``tousu/figures.js`` draws: labels, one series per numeric column (or the
    ones named), the links of each label, and how values are told."""
    name = label_column(table)
    numeric = [c for c in table.columns if c.kind in ("int", "pct", "hours", "stars")]
    chosen = [c for c in numeric if series is None or c.key in series]
    if name.kind == "date":
        labels = [bucket_label(row.get(name.key), f) for row in table.rows]
    else:
        labels = [str(row.get(name.key) or NO_DATA) for row in table.rows]
    return {
        "id": table.key,
        "type": kind,
        "title": str(table.title),
        "labels": labels,
        "links": links,
        "series": [
            {
                "key": c.key,
                "label": str(c.label),
                "kind": c.kind,
                "color": (colors or PALETTE)[i % len(colors or PALETTE)],
                "values": [number(row.get(c.key)) for row in table.rows],
                "shown": [shown(c, row.get(c.key)) for row in table.rows],
            }
            for i, c in enumerate(chosen)
        ],
    }


# The site's own colours (tousu/site.css): information blue, brand red, warning, good.
PALETTE = ["#1d39c4", "#d4380d", "#d48806", "#389e0d", "#722ed1", "#08979c"]
MET_BREACHED = ["#389e0d", "#cf1322"]
