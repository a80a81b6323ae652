"""GET /api/v1/changes?since=: the same events, numbered after commit, paged by that number,
only of complaints the caller may see."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.api.conftest import api_as  # noqa: F401 - fixture
from tests.conftest import draft, make_order
from tests.webhooks.conftest import message
from tousu.complaints import actions as complaint_actions
from tousu.complaints import filing
from tousu.webhooks import feed, payloads
from tousu.webhooks.models import Change, EventType


def read(client, **params):
    response = client.get("/api/v1/changes", **params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_pages_oldest_first_until_nothing_more(api_as, complaint, agent):
    message(complaint, complaint.consumer, "一")
    message(complaint, complaint.consumer, "二")
    client = api_as(agent)
    assert read(client)["items"] == []  # not numbered before the worker's round
    total = feed.sequence()
    assert total == Change.objects.count() >= 4
    seen, since = [], 0
    while True:
        page = read(client, since=since, limit=2)
        assert len(page["items"]) <= 2
        seen += page["items"]
        since = page["next_since"]
        if not page["has_more"]:
            break
    assert [item["sequence"] for item in seen] == list(range(1, total + 1))
    assert [item["id"] for item in seen] == sorted(Change.objects.values_list("id", flat=True))
    last = seen[-1]
    assert last["type"] == EventType.MESSAGE_ADDED and last["data"]["body"] == "二"
    assert read(client, since=since) == {"items": [], "next_since": since, "has_more": False}


def test_items_are_the_webhook_bodies_with_their_sequence(api_as, complaint, agent):
    feed.sequence()
    change = Change.objects.order_by("id").first()
    [item, *_] = read(api_as(agent))["items"]
    assert item == {"sequence": change.sequence, **payloads.document(change)}


def test_a_change_that_commits_late_is_not_skipped(api_as, complaint, agent):
    """Ids are taken at write time: a lower id may commit after a higher one was read."""
    moment = timezone.now()
    payload = payloads.envelope(EventType.COMPLAINT_FILED, complaint, {}, moment)

    def change(pk):
        return Change.objects.create(
            pk=pk, event_type=EventType.COMPLAINT_FILED, complaint=complaint, payload=payload
        )

    Change.objects.all().delete()
    change(1000)
    feed.sequence()
    client = api_as(agent)
    first = read(client)
    assert [i["id"] for i in first["items"]] == [1000]
    change(500)  # written earlier, committed only now
    feed.sequence()
    assert [i["id"] for i in read(client, since=first["next_since"])["items"]] == [500]


def test_only_complaints_the_caller_may_see(
    api_as, complaint, consumer, other_shop, merchant_staff, other_merchant_staff, agent
):
    other_order = make_order(consumer, other_shop, "202611200555")
    other, _ = filing.file_complaint(consumer, draft(other_order.number), channel="web")
    feed.sequence()

    def numbers(user):
        return {item["complaint"]["number"] for item in read(api_as(user))["items"]}

    assert numbers(merchant_staff) == {complaint.number}
    assert numbers(other_merchant_staff) == {other.number}
    assert numbers(agent) == {complaint.number, other.number}


@pytest.mark.parametrize(
    "params",
    [{"since": "-1"}, {"since": "abc"}, {"since": "1.5"}, {"limit": "0"}, {"limit": "101"}],
)
def test_bad_parameters_are_refused(api_as, agent, params):
    response = api_as(agent).get("/api/v1/changes", **params)
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
