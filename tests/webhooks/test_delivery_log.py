"""The delivery log and redelivery through the API; an outsider sees none of it."""

from __future__ import annotations

from tests.api.conftest import api_as  # noqa: F401 - fixture
from tests.webhooks.conftest import deliver_all, message, subscribe
from tousu.webhooks.models import Delivery, EventType


def test_the_log_shows_each_try_and_redelivery_queues_it_again(
    api_as, receiver, complaint, merchant_staff
):
    subscription, _ = subscribe(merchant_staff, receiver.url, EventType.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    receiver.answer(500, body=b"down for maintenance")
    deliver_all()
    client = api_as(merchant_staff)
    log = client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries").json()
    [item] = log["items"]
    assert log["next_cursor"] is None
    assert (item["state"], item["attempts"], item["last_status_code"]) == ("pending", 1, 500)
    assert item["complaint_number"] == complaint.number
    assert item["tries"][0]["response_excerpt"] == "down for maintenance"
    assert item["body"]["id"] == item["event_id"]
    redeliver = f"/api/v1/webhooks/{subscription.pk}/deliveries/{item['id']}/redeliver"
    busy = client.post(redeliver)
    assert busy.status_code == 409 and busy.json()["code"] == "delivery_in_progress"
    # Fails for good, then is sent again by hand.
    Delivery.objects.filter(pk=item["id"]).update(state="failed", next_attempt_at=None)
    again = client.post(redeliver)
    assert again.status_code == 200 and again.json()["state"] == "pending"
    deliver_all()
    done = client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries").json()["items"][0]
    assert done["state"] == "delivered" and [t["status_code"] for t in done["tries"]] == [500, 200]
    client.post(f"/api/v1/webhooks/{subscription.pk}/disable")
    off = client.post(redeliver)
    assert off.status_code == 409 and off.json()["code"] == "subscription_off"


def test_no_one_else_sees_the_log_or_redelivers(
    api_as, receiver, complaint, merchant_staff, other_merchant_staff, agent
):
    subscription, _ = subscribe(merchant_staff, receiver.url, EventType.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    deliver_all()
    delivery_id = subscription.deliveries.get().pk
    for outsider in (other_merchant_staff, agent):
        client = api_as(outsider)
        assert client.get(f"/api/v1/webhooks/{subscription.pk}/deliveries").status_code == 404
        redeliver = f"/api/v1/webhooks/{subscription.pk}/deliveries/{delivery_id}/redeliver"
        assert client.post(redeliver).status_code == 404
    # Their own subscription does not reach another's delivery either.
    theirs, _ = subscribe(other_merchant_staff, receiver.url, EventType.MESSAGE_ADDED)
    client = api_as(other_merchant_staff)
    assert client.get(f"/api/v1/webhooks/{theirs.pk}/deliveries").json()["items"] == []
    path = f"/api/v1/webhooks/{theirs.pk}/deliveries/{delivery_id}/redeliver"
    assert client.post(path).status_code == 404


def test_a_merchant_who_left_the_shop_no_longer_sees_its_deliveries(
    api_as, receiver, complaint, merchant_staff, shop
):
    subscription, _ = subscribe(merchant_staff, receiver.url, EventType.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    deliver_all()
    shop.staff.remove(merchant_staff)
    log = api_as(merchant_staff).get(f"/api/v1/webhooks/{subscription.pk}/deliveries").json()
    assert log["items"] == []
