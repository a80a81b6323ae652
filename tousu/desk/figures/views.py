"""``/desk/figures/``: the supervisor's figures, and each of its tables as a file
(``?table=by_channel&format=xlsx`` with the page's own filters)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tousu.analytics.figures import Filters, Table, tables
from tousu.complaints.guards import supervisor_only
from tousu.desk.figures import export, present
from tousu.desk.figures.filters import FiguresFilters

BY = ["filed", "resolved"]  # drawn for each channel, category, team; the rest is in the table
# (table, chart type, the columns drawn — None: every numeric one — and their colours)
CHARTS: list[tuple[str, str, list[str] | None, list[str] | None]] = [
    ("volume", "line", None, None),
    ("by_channel", "bar", BY, None),
    ("by_category", "hbar", BY, None),
    ("by_team", "bar", BY, None),
    ("clocks", "hstacked", ["met", "breached"], present.MET_BREACHED),
]
# Tables shown as tables (every table can be downloaded, the charted ones too).
LISTS = ["shops_ranking", "agents", "by_shop"]
SHOWN_ROWS = 20  # rows of a list on the page; its download has them all (500 shops …)
NOT_QUERY = ("table", "format")  # the download's own parameters, not filters


def _query(request: HttpRequest, **extra: str) -> str:
    query: QueryDict = request.GET.copy()
    for name in NOT_QUERY:
        query.pop(name, None)
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()


def _notes(form: FiguresFilters, f: Filters) -> list[tuple[str, str]]:
    """The filters in words, for the XLSX's second sheet."""
    last = f.end - timedelta(days=1)
    notes = [(_("Period"), f"{f.start.isoformat()} – {last.isoformat()}")]
    for name in ("grain", "channel", "category", "team"):
        value = form.cleaned_data.get(name)
        if value:
            field = form.fields[name]
            notes.append((str(field.label), str(dict(field.choices).get(value, value))))
    if form.merchant is not None:
        notes.append((_("Shop"), f"{form.merchant.shop_name}（{form.merchant.external_id}）"))
    notes.append((_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")))
    return notes


def _refused(request: HttpRequest, message: str, status: int, form=None) -> HttpResponse:
    return render(
        request,
        "desk/figures_refused.html",
        {"message": message, "form": form, "back": _query(request)},
        status=status,
    )


def _download(request: HttpRequest, form: FiguresFilters) -> HttpResponse:
    fmt, key = request.GET.get("format", ""), request.GET.get("table", "")
    if not fmt or not key:
        return _refused(request, _("A download names its table and its format (csv or xlsx)."), 400)
    if fmt not in export.FORMATS:
        return _refused(
            request, _("Files come as csv or xlsx, not “%(format)s”.") % {"format": fmt}, 400
        )
    if not form.is_valid():
        return _refused(request, _("Correct the filters first."), 400, form)
    f = form.filters()
    found = tables(f)
    if key not in found:
        return _refused(request, _("There is no table “%(table)s”.") % {"table": key}, 404)
    table = found[key]
    body = export.to_csv(table) if fmt == "csv" else export.to_xlsx(table, _notes(form, f))
    response = HttpResponse(body, content_type=export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(table, f, fmt)}"'
    return response


def _card(request: HttpRequest, table: Table, links: list[str], shown: int | None = None) -> dict:
    rows = present.rows(table, links)
    return {
        "key": table.key,
        "title": table.title,
        "columns": table.columns,
        "rows": rows[:shown],
        "total": len(rows),
        "drills": any(row.link for row in rows),
        "csv": _query(request, table=table.key, format="csv"),
        "xlsx": _query(request, table=table.key, format="xlsx"),
    }


@require_safe
@supervisor_only
def figures(request: HttpRequest) -> HttpResponse:
    form = FiguresFilters(request.GET)
    if any(name in request.GET for name in NOT_QUERY):
        return _download(request, form)
    if not form.is_valid():
        return render(request, "desk/figures.html", {"form": form}, status=400)
    f = form.filters()
    found = tables(f)
    links = present.drill_links(found, f, form.merchant.external_id if form.merchant else "")
    summary = found["summary"]
    first = summary.rows[0] if summary.rows else {}
    tiles = [(c.label, present.shown(c, first.get(c.key)), c.kind) for c in summary.columns]
    charts = [
        {
            **_card(request, found[key], links[key]),
            "type": kind,
            "data": present.chart(
                found[key], f, links[key], kind=kind, series=series, colors=colors
            ),
        }
        for key, kind, series, colors in CHARTS
        if key in found
    ]
    return render(
        request,
        "desk/figures.html",
        {
            "form": form,
            "filters": f,
            "last_day": f.end - timedelta(days=1),
            "tiles": tiles,
            "summary": _card(request, summary, links["summary"]),
            "charts": charts,
            "chart_data": [c["data"] for c in charts],
            "lists": [
                _card(request, found[key], links[key], SHOWN_ROWS) for key in LISTS if key in found
            ],
        },
    )
