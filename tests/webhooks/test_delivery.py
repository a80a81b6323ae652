"""Deliveries to a real HTTP receiver on 127.0.0.1: signed (checked with the snippet of
docs/webhooks.md), retried with backoff, redirects not followed, turned off after repeated
failures with a notice to the owner, redelivered by hand, the same id after a crash."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.webhooks.conftest import deliver_all, deliveries, message, subscribe
from tousu.notify.delivery import deliver_due as deliver_notifications
from tousu.notify.models import InboxMessage, Outbox
from tousu.webhooks import actions, delivery
from tousu.webhooks.errors import DeliveryBusy, SubscriptionOff
from tousu.webhooks.models import Attempt, DeliveryState, EventType

E = EventType
S = DeliveryState


@pytest.fixture
def queued(receiver, complaint, merchant_staff):
    """A merchant subscription to messages, and one message waiting to be delivered."""
    subscription, secret = subscribe(merchant_staff, receiver.url, E.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    return subscription, secret


def test_a_delivery_is_signed_as_documented(queued, receiver, verify, complaint):
    subscription, secret = queued
    assert deliver_all() == 1
    [request] = receiver.requests
    headers = request.headers
    assert request.path == "/tousu/hook"
    assert verify(secret, headers, request.body)
    [sent] = deliveries(subscription)
    assert headers["X-Tousu-Event"] == "complaint.message_added"
    assert headers["X-Tousu-Delivery"] == str(sent.pk)
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(request.body)
    assert body["id"] == sent.change_id and body["version"] == 1
    assert body["type"] == "complaint.message_added"
    assert body["complaint"]["number"] == complaint.number
    assert body["data"]["body"] == "请尽快处理。"
    # Whatever is changed, the documented check refuses it.
    assert not verify("whsec_wrong", headers, request.body)
    assert not verify(secret, headers, request.body.replace(b"\xe8\xaf\xb7", b"\xe4\xbd\xa0"))
    stale = int(headers["X-Tousu-Timestamp"]) + 301
    assert not verify(secret, headers, request.body, now=stale)
    assert sent.state == S.DELIVERED and sent.last_status_code == 200
    assert sent.response_excerpt == '{"ok": true}'
    assert subscription.deliveries.get().tries.get().status_code == 200


def test_a_500_is_retried_with_doubling_waits_then_fails(queued, receiver, settings):
    settings.TOUSU_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answer(500, body=b"boom")
    receiver.answer(503)
    receiver.answer(500)
    subscription, _ = queued
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert deliver_all() == 1
    [row] = deliveries(subscription)
    assert (row.state, row.attempts, row.last_status_code) == (S.PENDING, 1, 500)
    assert row.next_attempt_at == start + timedelta(seconds=30)
    assert row.response_excerpt == "boom" and row.last_error == "HTTP 500"
    with time_machine.travel(start + timedelta(seconds=29), tick=False):
        assert deliver_all() == 0  # not before the wait
    second = start + timedelta(seconds=30)
    with time_machine.travel(second, tick=False):
        assert deliver_all() == 1
    row.refresh_from_db()
    assert (row.attempts, row.last_status_code) == (2, 503)
    assert row.next_attempt_at == second + timedelta(seconds=60)  # doubled
    with time_machine.travel(second + timedelta(seconds=60), tick=False):
        assert deliver_all() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.next_attempt_at) == (S.FAILED, 3, None)
    assert [a.status_code for a in row.tries.all()] == [500, 503, 500]
    assert len(receiver.requests) == 3
    assert len({r.headers["X-Tousu-Delivery"] for r in receiver.requests}) == 1


def test_the_wait_is_capped(settings):
    settings.TOUSU_WEBHOOK_BACKOFF_MAX_SECONDS = 100
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4, 9)] == [
        30,
        60,
        100,
        100,
        100,
    ]


def test_a_refused_connection_is_retried(loopback_allowed, complaint, agent, closed_port):
    subscription, _ = subscribe(agent, f"http://127.0.0.1:{closed_port}/hook", E.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert deliver_all() == 1
    [row] = deliveries(subscription)
    assert (row.state, row.last_status_code) == (S.PENDING, None)
    assert row.last_error == "connection refused"
    assert row.next_attempt_at == start + timedelta(seconds=30)
    assert row.tries.get().error == "connection refused"


def test_a_redirect_is_not_followed(queued, receiver):
    receiver.answer(302, {"Location": receiver.url.replace("/tousu/hook", "/elsewhere")})
    subscription, _ = queued
    deliver_all()
    [row] = deliveries(subscription)
    assert [r.path for r in receiver.requests] == ["/tousu/hook"]  # only the one call
    assert (row.state, row.last_status_code) == (S.PENDING, 302)
    assert "redirect" in row.last_error and "/elsewhere" in row.last_error


def test_a_name_that_now_resolves_inside_is_not_called(receiver, complaint, agent, dns, settings):
    dns["hooks.example.com"] = ["93.184.215.14"]
    settings.TOUSU_WEBHOOK_ALLOW_PRIVATE = False
    subscription, _ = subscribe(agent, "https://hooks.example.com/hook", E.MESSAGE_ADDED)
    message(complaint, complaint.consumer)
    dns["hooks.example.com"] = ["127.0.0.1"]  # DNS changed since subscribing
    deliver_all()
    [row] = deliveries(subscription)
    assert row.state == S.PENDING and row.last_error.startswith("URL refused:")
    assert receiver.requests == []


def test_turned_off_after_repeated_failures_and_the_owner_is_told(
    receiver, complaint, merchant_staff, settings
):
    settings.TOUSU_WEBHOOK_MAX_ATTEMPTS = 1
    settings.TOUSU_WEBHOOK_DISABLE_AFTER_FAILURES = 2
    merchant_staff.email = "ops@shop.example"
    merchant_staff.save()
    subscription, _ = subscribe(merchant_staff, receiver.url, E.MESSAGE_ADDED)
    for status in (500, 500, 500):
        receiver.answer(status)
    message(complaint, complaint.consumer, "第一条")
    deliver_all()
    subscription.refresh_from_db()
    assert (subscription.active, subscription.consecutive_failures) == (True, 1)
    message(complaint, complaint.consumer, "第二条")
    deliver_all()
    subscription.refresh_from_db()
    assert subscription.active is False and subscription.disabled_at is not None
    assert subscription.consecutive_failures == 2
    notices = Outbox.objects.filter(topic="webhook_disabled", recipient=merchant_staff)
    assert sorted(notices.values_list("medium", flat=True)) == ["email", "inbox"]
    deliver_notifications()
    inbox = InboxMessage.objects.get(user=merchant_staff, outbox__topic="webhook_disabled")
    assert receiver.url in inbox.title
    assert f"/api/v1/webhooks/{subscription.pk}/enable" in inbox.body
    assert [m.to for m in mail.outbox if receiver.url in m.subject] == [["ops@shop.example"]]
    # Off: nothing queued, nothing sent.
    message(complaint, complaint.consumer, "第三条")
    assert deliver_all() == 0 and len(deliveries(subscription)) == 2
    assert len(receiver.requests) == 2


def test_a_success_starts_the_count_again(receiver, complaint, agent, settings):
    settings.TOUSU_WEBHOOK_MAX_ATTEMPTS = 1
    subscription, _ = subscribe(agent, receiver.url, E.MESSAGE_ADDED)
    receiver.answer(500)
    message(complaint, complaint.consumer, "一")
    deliver_all()
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1
    message(complaint, complaint.consumer, "二")
    deliver_all()
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0 and subscription.active


def test_manual_redelivery_sends_the_same_delivery_again(queued, receiver):
    subscription, secret = queued
    deliver_all()
    [row] = deliveries(subscription)
    with pytest.raises(DeliveryBusy):  # not while it waits
        actions.redeliver(actions.redeliver(row))
    deliver_all()
    row.refresh_from_db()
    assert row.state == S.DELIVERED and row.attempts == 1  # a new series of tries
    assert row.tries.count() == 2
    first, second = receiver.requests
    assert first.headers["X-Tousu-Delivery"] == second.headers["X-Tousu-Delivery"]
    assert first.body == second.body
    actions.turn_off(subscription)
    with pytest.raises(SubscriptionOff):
        actions.redeliver(row)


def test_after_a_crash_the_delivery_is_sent_again_with_the_same_id(queued, receiver, settings):
    subscription, _ = queued
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        [claimed] = delivery.claim(10, start)
        row = subscription.deliveries.select_related("change", "subscription__owner").get()
        assert row.pk == claimed
        delivery.send(row, start)  # the POST was made, then the worker died before recording
    assert deliver_all() == 0  # the dead worker's lease still holds
    later = start + timedelta(seconds=settings.TOUSU_WEBHOOK_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert deliver_all() == 1
    row.refresh_from_db()
    assert row.state == S.DELIVERED and Attempt.objects.filter(delivery=row).count() == 1
    first, second = receiver.requests
    assert first.headers["X-Tousu-Delivery"] == second.headers["X-Tousu-Delivery"] == str(row.pk)
    assert first.body == second.body
    # The dead worker's late answer changes nothing: its lease is gone.
    assert delivery.record(row, delivery.transport.Outcome(500, "HTTP 500"), later) is False


def test_no_longer_visible_deliveries_are_skipped(queued, receiver, shop, merchant_staff):
    subscription, _ = queued
    shop.staff.remove(merchant_staff)
    assert deliver_all() == 1
    [row] = deliveries(subscription)
    assert row.state == S.SKIPPED and receiver.requests == []


def test_two_workers_never_take_the_same_delivery(queued):
    now = timezone.now()
    first = delivery.claim(10, now)
    assert len(first) == 1 and delivery.claim(10, now) == []
