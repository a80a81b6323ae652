"""The figures page in a real Chromium: every chart drawn by Chart.js with the figures of
``tousu.analytics.figures.tables``, a click on a bar opens the queue, the page fits a laptop
and a phone, and nothing breaks the Content-Security-Policy."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tests.browser.conftest import needs_chromium
from tests.browser.test_csp import Watched
from tousu.analytics import rollup
from tousu.analytics.figures import Filters, tables
from tousu.desk.figures.present import number
from tousu.desk.figures.views import CHARTS

pytestmark = [pytest.mark.browser, needs_chromium]

CHART_DATA = """(canvas) => {
  const chart = Chart.getChart(canvas);
  if (!chart) return null;
  return {
    type: chart.config.type,
    labels: chart.data.labels,
    data: chart.data.datasets.map((d) => d.data),
    drawn: chart.getDatasetMeta(0) ? chart.getDatasetMeta(0).data.length : 0,
    width: canvas.width,
  };
}"""


def seed_calendars() -> None:
    """The working-time calendars (a data migration's rows, gone after an earlier
    transactional test's flush): the figures count durations in the office calendar."""
    import_module("tousu.sla.migrations.0002_default_calendars").seed(django_apps, None)


@pytest.mark.django_db(transaction=True)
def test_charts_are_drawn_with_the_figures(browser, live_server, tmp_path, chinese_default):
    seed_calendars()
    call_command("load_demo", stdout=open(os.devnull, "w"))
    rollup.rebuild()  # what the worker's rounds do after each change
    shots = Path(os.environ.get("TOUSU_SCREENSHOTS", tmp_path))
    today = timezone.localdate()
    expected = tables(Filters(start=today - timedelta(days=29), end=today + timedelta(days=1)))

    watched = Watched(browser, live_server, "supervisor1")
    page = watched.page
    watched.failed = []  # every request of the page that did not succeed (script, style, data)
    page.on("response", lambda r: watched.failed.append(r.url) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: watched.failed.append(r.url))
    watched.goto("/desk/figures/")
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == len(CHARTS)
    for key, _kind, series, _colors in CHARTS:
        canvas = page.locator(f'canvas[data-chart="{key}"]')
        drawn = canvas.evaluate(CHART_DATA)
        assert drawn is not None, f"{key}: no Chart.js chart on the canvas"
        table = expected[key]
        columns = [
            c.key
            for c in table.columns
            if c.kind in ("int", "pct", "hours", "stars") and (series is None or c.key in series)
        ]
        assert drawn["data"] == [[number(row[c]) for row in table.rows] for c in columns], key
        assert drawn["drawn"] == len(table.rows) and drawn["width"] > 0, key
    page.screenshot(path=str(shots / "figures-1280.png"), full_page=True)

    # A table's XLSX link downloads the file, named after the table and the period.
    with page.expect_download() as download:
        page.click('#fig-by_channel a[data-download="xlsx"]')
    first, last = today - timedelta(days=29), today
    assert download.value.suggested_filename == f"figures-by_channel-{first}_{last}.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    assert sheet.max_row == 1 + len(expected["by_channel"].rows)

    # The custom dates show only for a custom period, starting from the period shown.
    start = page.locator("input[name=start]")
    assert not start.is_visible()
    page.select_option("select[name=period]", "custom")
    assert start.is_visible() and start.input_value() == str(today - timedelta(days=29))
    assert page.locator("input[name=end]").input_value() == str(today)

    # A click on the first channel's bar opens the queue with that channel, any status.
    bar = page.locator('canvas[data-chart="by_channel"]').evaluate(
        """(canvas) => { const b = Chart.getChart(canvas).getDatasetMeta(0).data[0];
                         return {x: b.x, y: (b.y + b.base) / 2}; }"""
    )
    page.locator('canvas[data-chart="by_channel"]').click(position=bar)
    page.wait_for_url("**/desk/?**")
    channel = expected["by_channel"].rows[0]["channel"]
    assert f"channel={channel}" in page.url and "status=any" in page.url
    # The queue has no dates: it lists at least the complaints the figures counted.
    assert page.locator("tr[data-row]").count() >= min(expected["by_channel"].rows[0]["filed"], 50)
    assert watched.csp_problems() == []
    assert watched.failed == []
    assert [m for m in watched.console if m.startswith(("error", "pageerror"))] == []

    phone = Watched(browser, live_server, "supervisor1")
    phone.page.set_viewport_size({"width": 390, "height": 844})
    phone.goto("/desk/figures/")
    phone.page.wait_for_function("Chart.getChart(document.querySelector('canvas[data-chart]'))")
    overflow = phone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page is wider than the phone"
    phone.page.screenshot(path=str(shots / "figures-390.png"), full_page=True)
    assert phone.csp_problems() == []

    # A period without complaints: the charts are drawn empty and say so.
    watched.goto("/desk/figures/?period=custom&start=2025-01-01&end=2025-01-31")
    page.wait_for_function("Chart.getChart(document.querySelector('canvas[data-chart=volume]'))")
    assert page.locator(".chart-empty").count() == len(CHARTS) - 1  # volume: 31 days of 0
    volume = page.locator('canvas[data-chart="volume"]').evaluate(CHART_DATA)
    assert volume["data"] == [[0] * 31, [0] * 31]
    page.screenshot(path=str(shots / "figures-empty-1280.png"), full_page=True)
    assert watched.csp_problems() == []
