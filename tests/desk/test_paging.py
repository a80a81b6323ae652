"""Keyset paging: every row exactly once, filters kept, bad cursors harmless, flat cost."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from tests.desk.conftest import seed
from tousu.search.queue import SORTS
from tousu.teams.actions import create_team

QUEUE = reverse("desk:queue")


def walk(client, params: dict, settings, size: int = 7) -> list[str]:
    settings.TOUSU_QUEUE_PAGE_SIZE = size
    seen: list[str] = []
    query = dict(params)
    for _ in range(100):
        response = client.get(QUEUE, query)
        page = response.context["page"]
        assert len(page.rows) <= size
        seen += [c.number for c in page.rows]
        if not page.next_cursor:
            return seen
        # Follow the rendered "next page" link, as a browser would.
        html = response.content.decode()
        href = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        query = {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}
        for key, value in params.items():
            assert query[key] == value  # filters survive paging
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("sort", list(SORTS))
def test_walks_every_row_exactly_once_with_priority_ties(agent_client, consumer, settings, sort):
    due = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)
    rows = seed(
        consumer,
        40,
        priority=lambda i: [2, 2, 4, 1, 3, 2, 4][i % 7],
        # Ties on the deadline too (every third row shares one), broken by id.
        next_due_at=lambda i: due + timedelta(hours=[5, 1, 3][i % 3] + i // 9),
    )
    seed(consumer, 5, status="closed")
    seen = walk(agent_client, {"sort": sort}, settings)
    assert len(seen) == len(set(seen)) == 40
    key = {
        "newest": lambda c: -c.pk,
        "oldest": lambda c: c.pk,
        "priority": lambda c: (-c.priority, -c.pk),
        "deadline": lambda c: (c.next_due_at, c.pk),
    }[sort]
    assert seen == [c.number for c in sorted(rows, key=key)]


def test_paging_keeps_filters(agent_client, consumer, settings):
    wanted = seed(consumer, 15, channel="phone", priority=lambda i: 1 + i % 4)
    seed(consumer, 15, channel="web")
    seen = walk(agent_client, {"channel": "phone", "sort": "priority"}, settings, size=4)
    assert sorted(seen) == sorted(c.number for c in wanted)


def test_first_page_link_keeps_filters(agent_client, consumer, settings):
    settings.TOUSU_QUEUE_PAGE_SIZE = 2
    rows = seed(consumer, 5)
    response = agent_client.get(QUEUE, {"channel": "web", "after": str(rows[-1].pk)})
    html = response.content.decode()
    assert 'href="?channel=web">' in html  # "first page": same filters, no cursor


@pytest.mark.parametrize(
    "after",
    [
        "abc",
        "-5",
        "1.2",
        "99999999999999999999999",
        "9223372036854775808",
        "3.",
        "..",
        "1e5",
        "²",
        "١٢",
        "１２",
        "1_0",
        " 12",
        "1" * 5000,
    ],
)
def test_invalid_cursor_shows_first_page_with_a_400(agent_client, consumer, after):
    rows = seed(consumer, 3)
    response = agent_client.get(QUEUE, {"after": after})
    assert response.status_code == 400
    assert [c.number for c in response.context["page"].rows] == [c.number for c in reversed(rows)]
    assert response.context["bad_cursor"]
    assert "That page link is no longer valid" in response.content.decode()


def test_largest_key_is_a_valid_cursor(agent_client, consumer):
    rows = seed(consumer, 3)
    response = agent_client.get(QUEUE, {"after": str(2**63 - 1)})
    assert response.status_code == 200 and len(response.context["page"].rows) == len(rows)


def test_cursor_of_other_sort_shows_first_page(agent_client, consumer):
    seed(consumer, 3)
    response = agent_client.get(QUEUE, {"sort": "priority", "after": "12"})
    assert response.status_code == 400 and len(response.context["page"].rows) == 3


def test_page_of_fifty_costs_constant_queries(
    agent_client, consumer, shop, agent, agent2, supervisor, django_assert_max_num_queries
):
    teams = [create_team(supervisor, name) for name in ("食品安全", "数码电子")]
    seed(
        consumer,
        120,
        merchant=shop,
        assignee=lambda i: [agent, agent2, None][i % 3],
        team=lambda i: [*teams, None][i % 3],
    )
    # session, user, staff list, teams (the filter), saved views, one page query, the bell's
    # unread count
    with django_assert_max_num_queries(7):
        response = agent_client.get(QUEUE, {"sort": "priority"})
    assert len(response.context["page"].rows) == 50
    with django_assert_max_num_queries(8):  # + shop lookup for the filter
        agent_client.get(QUEUE, {"shop": "M1", "after": response.context["page"].next_cursor})


def test_no_count_or_offset(agent_client, consumer, django_assert_max_num_queries, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seed(consumer, 60)
    with CaptureQueriesContext(connection) as captured:
        first = agent_client.get(QUEUE)
        agent_client.get(QUEUE, {"after": first.context["page"].next_cursor})
    sql = " ".join(q["sql"].upper() for q in captured.captured_queries)
    assert "COUNT(" not in sql and "OFFSET" not in sql
