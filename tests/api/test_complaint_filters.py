"""``GET /api/v1/complaints`` filters: status (repeated or a comma list), updated_since,
deadline_before; for every role, with keyset paging kept; bad values are 422 with fields."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import draft, make_order
from tests.steps import take
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.sla.models import Deadline

SH = ZoneInfo("Asia/Shanghai")
URL = "/api/v1/complaints"


@pytest.fixture
def three(consumer, shop, agent, no_filing_limits):
    """Three complaints filed a day apart: the first withdrawn, the second forwarded."""
    filed = []
    for day in range(3):
        order = make_order(consumer, shop, f"20261120000{day}")
        with time_machine.travel(datetime(2026, 11, 20 + day, 10, tzinfo=SH), tick=False):
            complaint, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
        filed.append(complaint)
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=SH), tick=False):
        take(filed[0], consumer, "withdraw")
    with time_machine.travel(datetime(2026, 11, 21, 12, tzinfo=SH), tick=False):
        take(filed[1], agent, "forward_to_merchant")
    return filed


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_status_repeated_or_as_a_comma_list(api_as, consumer, merchant_staff, three):
    first, second, third = (c.number for c in three)
    client = api_as(consumer)
    assert numbers(client.get(URL, status="withdrawn")) == [first]
    both = client.client.get(
        URL, {"status": ["withdrawn", "waiting_merchant"]}, headers=client.headers
    )
    assert numbers(both) == [second, first]
    assert numbers(client.get(URL, status="withdrawn,waiting_merchant")) == [second, first]
    # The same filter for merchant staff (their shop's complaints).
    assert numbers(api_as(merchant_staff).get(URL, status="waiting_merchant")) == [second]


def test_updated_since(api_as, consumer, agent, three):
    since = "2026-11-21T11:00:00+08:00"
    assert numbers(api_as(consumer).get(URL, updated_since=since)) == [
        three[2].number,
        three[1].number,
    ]
    # Without an offset: Beijing time.
    naive = api_as(agent).get(URL, updated_since="2026-11-22T09:00:00")
    assert numbers(naive) == [three[2].number]


def test_deadline_before(api_as, consumer, three):
    runs = Deadline.objects.filter(ended_at__isnull=True, due_at__isnull=False)
    due: dict = {}  # each complaint's next deadline: the earliest of its running clocks
    for run in runs:
        number = run.complaint.number
        due[number] = min(due.get(number, run.due_at), run.due_at)
    assert three[0].number not in due  # withdrawn: nothing runs
    earliest = min(due.values())
    later = [n for n, at in due.items() if at > earliest]
    cut = (earliest + timedelta(seconds=1)).astimezone(SH).isoformat()
    found = numbers(api_as(consumer).get(URL, deadline_before=cut))
    assert found and not set(found) & set(later)
    assert all(due[n] < earliest + timedelta(seconds=1) for n in found)
    everything = numbers(api_as(consumer).get(URL, deadline_before="2030-01-01T00:00:00+08:00"))
    assert set(everything) == set(due)


def test_filters_keep_keyset_paging(api_as, consumer, settings, three):
    settings.TOUSU_QUEUE_PAGE_SIZE = 1
    client = api_as(consumer)
    page = client.get(URL, status="received,acknowledged,waiting_merchant")
    assert numbers(page) == [three[2].number]
    cursor = page.json()["next_cursor"]
    following = client.get(URL, status="received,acknowledged,waiting_merchant", cursor=cursor)
    assert numbers(following) == [three[1].number]
    assert following.json()["next_cursor"] is None  # the withdrawn one is filtered out


def test_an_outsider_filters_only_their_own(api_as, outsider, three):
    assert numbers(api_as(outsider).get(URL, status="withdrawn")) == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "open"}, "status"),
        ({"status": "closed,nope"}, "status"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2026-13-01T00:00:00"}, "updated_since"),
        ({"deadline_before": "0001-01-01T00:00:00+08:00"}, "deadline_before"),
        ({"deadline_before": "9999-12-31T23:59:59-12:00"}, "deadline_before"),
    ],
)
def test_bad_values_are_422_naming_the_parameter(api_as, consumer, params, field):
    response = api_as(consumer, "en").get(URL, **params)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_failed"
    assert list(response.json()["fields"]) == [field]
