"""The supervisor's figures page (/desk/figures/): who may see it, its filters, the tables'
downloads and the links from a row to the queue."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_user
from tests.desk.conftest import seed
from tousu.accounts.models import Role
from tousu.analytics import rollup
from tousu.analytics.figures import Filters, tables
from tousu.desk.figures import export
from tousu.desk.figures.filters import FiguresFilters
from tousu.desk.figures.views import SHOWN_ROWS
from tousu.merchants.models import Merchant
from tousu.teams.models import Team

URL = reverse("desk:figures")
TODAY = date(2026, 11, 30)


@pytest.fixture
def admin(db):
    return make_user("root", Role.ADMIN)


@pytest.fixture
def boss_client(client, supervisor):
    client.force_login(supervisor)
    return client


def approx(value):
    return pytest.approx(value, rel=1e-12) if isinstance(value, float) else value


def last_30_days() -> Filters:
    today = timezone.localdate()
    return Filters(start=today - timedelta(days=29), end=today + timedelta(days=1))


# Who may see it -----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?table=summary&format=csv"])
def test_anonymous_goes_to_login(client, db, query):
    response = client.get(URL + query)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "who", ["consumer", "outsider", "merchant_staff", "other_merchant_staff", "agent"]
)
@pytest.mark.parametrize("query", ["", "?table=summary&format=csv", "?table=agents&format=xlsx"])
def test_everyone_but_supervisors_gets_404(client, request, who, query):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL + query)
    assert response.status_code == 404
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_supervisors_and_admins_see_it(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert b'id="figures-data"' in response.content


def test_the_desk_menu_links_it_for_supervisors_only(client, supervisor, agent):
    client.force_login(supervisor)
    assert f'href="{URL}"'.encode() in client.get(reverse("desk:queue")).content
    client.force_login(agent)
    assert f'href="{URL}"'.encode() not in client.get(reverse("desk:queue")).content


# Filters --------------------------------------------------------------------------------


def form(**data) -> FiguresFilters:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(data)
    f = FiguresFilters(query, today=TODAY)
    f.is_valid()
    return f


@pytest.mark.django_db
@pytest.mark.parametrize("days", [7, 30, 90])
def test_a_preset_is_the_last_days_up_to_today(days):
    f = form(period=str(days)).filters()
    assert (f.start, f.end) == (TODAY - timedelta(days=days - 1), TODAY + timedelta(days=1))


@pytest.mark.django_db
def test_no_filter_is_the_last_30_days_by_day():
    f = form().filters()
    assert (f.start, f.end, f.grain) == (date(2026, 11, 1), date(2026, 12, 1), "day")
    assert (f.channel, f.category, f.merchant_id, f.team_id) == ("", "", None, None)


@pytest.mark.django_db
def test_custom_dates_include_both_days_and_a_preset_ignores_them():
    custom = form(period="custom", start="2026-10-01", end="2026-10-31").filters()
    assert (custom.start, custom.end) == (date(2026, 10, 1), date(2026, 11, 1))
    one_day = form(period="custom", start="2026-10-05", end="2026-10-05").filters()
    assert (one_day.start, one_day.end) == (date(2026, 10, 5), date(2026, 10, 6))
    preset = form(period="7", start="2020-01-01", end="2020-01-02").filters()
    assert preset.start == TODAY - timedelta(days=6)


@pytest.mark.django_db
def test_every_filter_reaches_the_figures(shop):
    team = Team.objects.create(name="食品安全")
    f = form(
        grain="week", channel="wechat", category="food_safety", shop="M1", team=str(team.pk)
    ).filters()
    assert (f.grain, f.channel, f.category) == ("week", "wechat", "food_safety")
    assert (f.merchant_id, f.team_id) == (shop.pk, team.pk)
    assert form(shop="优品数码").filters().merchant_id == shop.pk  # by exact name too


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"period": "custom", "start": "2026-11-10", "end": "2026-11-09"}, "end", "before"),
        ({"period": "custom", "start": "2025-11-01", "end": "2026-11-02"}, "end", "At most 366"),
        ({"period": "custom", "start": "2026-11-01"}, "end", "last day"),
        ({"period": "custom", "end": "2026-11-01"}, "start", "first day"),
        ({"period": "custom", "start": "2026-11-31", "end": "2026-11-30"}, "start", "valid"),
        ({"period": "custom", "start": "1999-12-31", "end": "2000-01-02"}, "start", "2000"),
        ({"period": "custom", "start": "2026-11-01", "end": "2026-12-01"}, "end", "after today"),
        ({"period": "custom", "start": "0001-01-01", "end": "9999-12-31"}, "start", "2000"),
        ({"period": "365"}, "period", "valid choice"),
        ({"grain": "hour"}, "grain", "valid choice"),
        ({"channel": "fax"}, "channel", "valid choice"),
        ({"category": "<script>"}, "category", "valid choice"),
        ({"team": "999"}, "team", "valid choice"),
        ({"team": "abc"}, "team", "valid choice"),
        ({"shop": "没有这家店"}, "shop", "No shop named"),
    ],
)
def test_bad_filters_are_errors_on_their_field(data, field, message):
    f = form(**data)
    assert not f.is_valid()
    assert message in " ".join(f.errors[field]), f.errors


@pytest.mark.django_db
def test_a_name_shared_by_shops_is_an_error_naming_them(shop, other_shop):
    other_shop.shop_name = shop.shop_name
    other_shop.save()
    f = form(shop="优品数码")
    assert not f.is_valid() and "M1" in f.errors["shop"][0] and "M2" in f.errors["shop"][0]


def test_the_range_cap_is_the_setting(settings, db):
    settings.TOUSU_FIGURES_MAX_DAYS = 10
    assert form(period="custom", start="2026-11-01", end="2026-11-10").is_valid()
    assert (
        "At most 10" in form(period="custom", start="2026-11-01", end="2026-11-11").errors["end"][0]
    )


def test_bad_filters_show_the_errors_in_chinese_and_no_figures(boss_client, chinese_default):
    response = boss_client.get(
        URL, {"period": "custom", "start": "2026-11-10", "end": "2026-11-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "结束日期不能早于开始日期" in html
    assert 'id="figures-data"' not in html and "data-filters-invalid" in html


@pytest.mark.parametrize(
    "query",
    [
        {"period": "custom", "start": "x" * 5000, "end": "\x00"},
        {"team": "1" * 40},
        {"shop": "店" * 500},
        {"period": ["7", "custom"], "start": "2026-02-30"},
    ],
)
def test_garbage_never_fails_the_page(boss_client, query):
    assert boss_client.get(URL, query).status_code == 400


# Downloads ------------------------------------------------------------------------------


def test_every_table_has_both_download_links_keeping_the_filters(boss_client):
    response = boss_client.get(URL, {"period": "7", "channel": "web"})
    html = response.content.decode()
    for key in tables(last_30_days()):
        for fmt in ("csv", "xlsx"):
            assert f"?period=7&amp;channel=web&amp;table={key}&amp;format={fmt}" in html, key


def test_csv_is_the_table(boss_client):
    response = boss_client.get(URL, {"table": "by_channel", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    f = last_30_days()
    name = f"figures-by_channel-{f.start}_{f.end - timedelta(days=1)}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = tables(f)["by_channel"]
    assert rows[0] == [export.header(c) for c in table.columns]
    assert rows[1:] == [
        [export.csv_value(c, r.get(c.key)) for c in table.columns] for r in table.rows
    ]


@pytest.mark.parametrize("key", ["summary", "volume", "clocks", "agents", "shops_ranking"])
def test_xlsx_reads_back_as_the_table(boss_client, key):
    response = boss_client.get(URL, {"table": key, "format": "xlsx", "grain": "week"})
    assert response.status_code == 200
    assert response["Content-Type"] == export.CONTENT_TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = tables(Filters(**{**last_30_days().__dict__, "grain": "week"}))[key]
    assert [c.value for c in sheet[1]] == [export.header(c) for c in table.columns]
    got = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    want = [[export._xlsx_value(c, r.get(c.key)) for c in table.columns] for r in table.rows]
    got = [[v.date() if hasattr(v, "date") else v for v in row] for row in got]
    assert len(got) == len(want)
    for row, expected in zip(got, want):  # XLSX keeps 16 significant digits of a float
        assert [approx(v) for v in row] == expected


@pytest.mark.parametrize(
    "query, status, message",
    [
        ({"table": "salaries", "format": "csv"}, 404, "There is no table “salaries”."),
        ({"table": "summary", "format": "pdf"}, 400, "not “pdf”"),
        ({"table": "summary"}, 400, "names its table and its format"),
        ({"format": "csv"}, 400, "names its table and its format"),
        ({"table": "", "format": ""}, 400, "names its table and its format"),
        ({"table": "summary", "format": "csv", "channel": "fax"}, 400, "Correct the filters"),
    ],
)
def test_a_download_that_cannot_be_made_says_why(boss_client, query, status, message):
    response = boss_client.get(URL, query)
    assert response.status_code == status
    assert "Content-Disposition" not in response
    assert message in response.content.decode()


def test_only_get(boss_client):
    assert boss_client.post(URL, {"period": "7"}).status_code == 405


@pytest.mark.parametrize("grain", ["day", "week", "month"])
def test_every_filter_at_once_in_every_grain(boss_client, filed, shop, grain):
    query = {"grain": grain, "channel": "web", "category": "quality", "shop": "M1"}
    assert figures(boss_client, **query, team=str(filed.pk))["tiles"]["Complaints filed"] == "0"
    page = figures(boss_client, **query, period="90")
    assert page["tiles"]["Complaints filed"] == "3"
    volume = page["charts"]["volume"]["data"]
    assert sum(volume["series"][0]["values"]) == 3
    buckets = {"day": range(90, 91), "week": range(13, 15), "month": range(3, 5)}[grain]
    assert len(volume["labels"]) in buckets


def test_a_long_list_shows_its_first_rows_and_downloads_them_all(boss_client, consumer):
    shops = [
        Merchant.objects.create(
            shop_name=f"店{i:02}", legal_name="x", city="北京", external_id=f"S{i}"
        )
        for i in range(SHOWN_ROWS + 5)
    ]
    seed(consumer, len(shops), merchant=lambda i: shops[i])
    rollup.rebuild()
    page = figures(boss_client)
    assert len(page["lists"]["by_shop"]["rows"]) == SHOWN_ROWS
    assert f"The first {SHOWN_ROWS} of {SHOWN_ROWS + 5} rows" in page["html"]
    body = boss_client.get(URL, {"table": "by_shop", "format": "csv"}).content.decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 1 + SHOWN_ROWS + 5


# With complaints ------------------------------------------------------------------------


@pytest.fixture
def filed(consumer, shop, other_shop, agent):
    """Six complaints filed today: three on the web about quality at shop M1 (one given to
    the agent), two in the app about delivery at M2, one on WeChat for the food team."""
    team = Team.objects.create(name="食品安全")
    seed(consumer, 2, channel="web", category="quality", merchant=shop)
    seed(consumer, 1, channel="web", category="quality", merchant=shop, assignee=agent)
    seed(consumer, 2, channel="app", category="delivery", merchant=other_shop)
    seed(consumer, 1, channel="wechat", category="food_safety", team=team)
    rollup.rebuild()
    return team


def figures(client, **query) -> dict:
    response = client.get(URL, query)
    assert response.status_code == 200
    charts = {c["key"]: c for c in response.context["charts"]}
    lists = {c["key"]: c for c in response.context["lists"]}
    tiles = {str(label): value for label, value, _kind in response.context["tiles"]}
    return {"charts": charts, "lists": lists, "tiles": tiles, "html": response.content.decode()}


def filed_by(page, key: str) -> dict[str, int]:
    data = page["charts"][key]["data"]
    filed = next(s for s in data["series"] if s["key"] == "filed")
    return dict(zip(data["labels"], filed["values"]))


@pytest.mark.parametrize(
    "query, total, channels",
    [
        ({}, "6", {"Website": 3, "App": 2, "WeChat official account": 1}),
        ({"channel": "web"}, "3", {"Website": 3}),
        ({"category": "delivery"}, "2", {"App": 2}),
        ({"shop": "M2"}, "2", {"App": 2}),
        ({"shop": "优品数码"}, "3", {"Website": 3}),
        ({"team": "TEAM"}, "1", {"WeChat official account": 1}),
        ({"period": "custom", "start": "2025-01-01", "end": "2025-01-31"}, "0", {}),
    ],
)
def test_filters_narrow_the_figures(boss_client, filed, query, total, channels):
    if query.get("team") == "TEAM":
        query = {"team": str(filed.pk)}
    page = figures(boss_client, **query)
    assert page["tiles"]["Complaints filed"] == total
    assert filed_by(page, "by_channel") == channels


def test_rows_link_to_the_queue_with_their_filter_and_the_pages(boss_client, filed, shop, agent):
    page = figures(boss_client, channel="web")
    links = {r.cells[0][0]: r.link for r in page["charts"]["by_category"]["rows"]}
    assert links == {"Quality problem": "/desk/?status=any&channel=web&category=quality"}
    shops = page["lists"]["by_shop"]["rows"]
    assert [r.link for r in shops] == ["/desk/?status=any&channel=web&shop=M1"]
    agents = {r.cells[0][0]: r.link for r in page["lists"]["agents"]["rows"]}
    assert agents[str(agent)] == f"/desk/?status=any&channel=web&assignee={agent.pk}"
    assert 'href="/desk/?status=any&amp;channel=web&amp;shop=M1"' in page["html"]


def test_a_drill_link_lists_the_complaints_it_counted(boss_client, filed):
    page = figures(boss_client, category="quality")
    link = page["charts"]["by_channel"]["rows"][0].link
    queue = boss_client.get(link)
    assert queue.status_code == 200
    assert len(queue.context["page"].rows) == 3


def test_rows_of_no_shop_link_nowhere_of_no_team_to_the_queues_no_team(boss_client, filed):
    page = figures(boss_client)
    by_shop = {r.cells[0][0]: r.link for r in page["lists"]["by_shop"]["rows"]}
    assert by_shop["No shop (platform service)"] == ""  # the WeChat complaint has no shop
    teams = {r.cells[0][0]: r.link for r in page["charts"]["by_team"]["rows"]}
    assert teams[filed.name] == f"/desk/?status=any&team={filed.pk}"
    assert teams["No team"] == "/desk/?status=any&team=none"
    assert len(boss_client.get(teams[filed.name]).context["page"].rows) == 1
    assert len(boss_client.get(teams["No team"]).context["page"].rows) == 5
    with_team = figures(boss_client, team=str(filed.pk))["charts"]["by_channel"]["rows"]
    assert [r.link for r in with_team] == [f"/desk/?status=any&team={filed.pk}&channel=wechat"]


@pytest.mark.parametrize("query", [{}, {"channel": "web", "shop": "M1"}])
def test_the_page_reads_a_fixed_number_of_queries(boss_client, filed, consumer, agent2, query):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            figures(boss_client, **query)
        return len(queries)

    before = count()
    shops = [
        Merchant.objects.create(
            shop_name=f"店{i}", legal_name="x", city="北京", external_id=f"S{i}"
        )
        for i in range(5)
    ]
    seed(consumer, 10, channel="phone", merchant=lambda i: shops[i % 5], assignee=agent2)
    seed(
        consumer,
        4,
        channel="web",
        category="refund",
        merchant=Merchant.objects.get(external_id="M1"),
        assignee=agent2,
    )
    rollup.rebuild()
    # tousu.analytics.figures reads about a dozen; the page adds session, user, teams, the
    # shop filter, the drilled shops' IDs (one query for every table) and the bell.
    assert count() == before <= 20


def test_the_csv_is_chinese_by_default(boss_client, filed, chinese_default):
    body = boss_client.get(URL, {"table": "by_channel", "format": "csv"}).content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0][0] == "\ufeff渠道" and "网站" in {r[0] for r in rows[1:]}
