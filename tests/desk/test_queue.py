"""The queue: each filter narrows, sorts order, rows link to the workbench."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.desk.conftest import seed
from tousu.complaints.models import Complaint
from tousu.sla.models import Deadline

QUEUE = reverse("desk:queue")


def numbers(response) -> list[str]:
    return [c.number for c in response.context["page"].rows]


@pytest.fixture
def mixed(consumer, shop, shop2, agent, agent2):
    """One row per distinguishing attribute, everything else at the defaults."""
    return {
        "plain": seed(consumer, 1)[0],
        "closed": seed(consumer, 1, status="closed")[0],
        "intervention": seed(consumer, 1, status="intervention")[0],
        "phone": seed(consumer, 1, channel="phone")[0],
        "refund": seed(consumer, 1, category="refund")[0],
        "urgent": seed(consumer, 1, priority=4)[0],
        "shop": seed(consumer, 1, merchant=shop)[0],
        "shop2": seed(consumer, 1, merchant=shop2)[0],
        "mine": seed(consumer, 1, assignee=agent)[0],
        "theirs": seed(consumer, 1, assignee=agent2)[0],
    }


def get(client, **params) -> list[str]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return numbers(response)


def test_default_is_all_open_newest_first(agent_client, mixed):
    got = get(agent_client)
    assert mixed["closed"].number not in got
    open_rows = [c for k, c in mixed.items() if k != "closed"]
    assert got == [c.number for c in sorted(open_rows, key=lambda c: -c.pk)]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "closed"}, ["closed"]),
        ({"status": "intervention"}, ["intervention"]),
        ({"channel": "phone"}, ["phone"]),
        ({"category": "refund"}, ["refund"]),
        ({"priority": "4"}, ["urgent"]),
        ({"shop": "M-TWO"}, ["shop2"]),
        ({"shop": "优品数码"}, ["shop"]),
        ({"assignee": "mine"}, ["mine"]),
        ({"status": "any", "channel": "phone"}, ["phone"]),
    ],
)
def test_each_filter_narrows(agent_client, mixed, params, expected):
    assert get(agent_client, **params) == [mixed[k].number for k in expected]


def test_any_status_includes_closed(agent_client, mixed):
    assert set(get(agent_client, status="any")) == {c.number for c in mixed.values()}


def test_unassigned_and_named_assignee(agent_client, mixed, agent2):
    unassigned = get(agent_client, assignee="none")
    assert mixed["mine"].number not in unassigned and mixed["theirs"].number not in unassigned
    assert mixed["plain"].number in unassigned
    assert get(agent_client, assignee=str(agent2.pk)) == [mixed["theirs"].number]


def test_invalid_filter_values_are_reported_and_list_nothing(agent_client, mixed):
    response = agent_client.get(QUEUE, {"status": "bogus", "shop": "no-such-shop", "priority": "9"})
    assert response.status_code == 200
    form = response.context["filters"]
    assert {"status", "shop", "priority"} <= set(form.errors)
    assert numbers(response) == []  # never silently the whole open queue
    assert "data-blocked" in response.content.decode()


def test_a_bad_sort_alone_falls_back_to_the_default(agent_client, mixed):
    response = agent_client.get(QUEUE, {"sort": "bogus"})
    assert len(numbers(response)) == len(mixed) - 1


def test_sort_orders(agent_client, consumer):
    rows = seed(consumer, 6, priority=lambda i: [2, 4, 1, 4, 3, 2][i])
    assert get(agent_client, sort="oldest") == [c.number for c in rows]
    assert get(agent_client, sort="newest") == [c.number for c in reversed(rows)]
    by_priority = sorted(rows, key=lambda c: (-c.priority, -c.pk))
    assert get(agent_client, sort="priority") == [c.number for c in by_priority]


def test_rows_show_columns_and_link_to_detail(agent_client, complaint, agent):
    Complaint.objects.filter(pk=complaint.pk).update(assignee=agent)
    html = agent_client.get(QUEUE).content.decode()
    assert reverse("desk:detail", args=[complaint.number]) in html
    assert "优品数码" in html and "alice" in html
    assert "13812341234" not in html  # consumer by name only


def test_shop_link_keeps_filters(agent_client, complaint):
    html = agent_client.get(QUEUE, {"sort": "oldest", "channel": "web"}).content.decode()
    assert "?sort=oldest&amp;channel=web&amp;shop=M1" in html
