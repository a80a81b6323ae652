"""Callbacks: asked from the portal, the API, WeChat or an agent; due in the time the consumer is told
(24 clock hours by default); a second request merges into the pending one; retries; breaches."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import translation

from tests.phone.conftest import at
from tousu.channels.phone import callbacks
from tousu.channels.phone.callbacks import Asked
from tousu.channels.phone.models import Callback, CallbackState
from tousu.complaints.errors import ComplaintError
from tousu.notify.models import Outbox


def ask(consumer, moment, **kw):
    with time_machine.travel(moment, tick=False):
        return callbacks.request_callback(
            consumer, by=kw.pop("by", consumer), channel=kw.pop("channel", "web"), **kw
        )


def test_in_service_hours_when_configured_asked_at_23_starts_at_the_next_opening(
    consumer, consumer_line, settings
):
    settings.TOUSU_CALLBACK_DUE = "24h"
    callback, asked = ask(consumer, at(2026, 3, 2, 23, 0))
    assert (
        asked == Asked.CREATED
        and callback.hotline == consumer_line
        and callback.phone == "+8613812341234"
    )
    assert callback.due_at == at(2026, 3, 4, 18, 30)
    again, asked = ask(consumer, at(2026, 3, 2, 23, 5))
    assert (
        asked == Asked.PENDING and again.pk == callback.pk
    )  # one pending callback per consumer and line


@pytest.mark.parametrize(
    "asked_at, due",
    [
        (at(2026, 3, 2, 23, 0), at(2026, 3, 3, 23, 0)),  # across the night
        (at(2025, 9, 30, 21, 0), at(2025, 10, 1, 21, 0)),  # into National Day
        (at(2026, 2, 16, 8, 0), at(2026, 2, 17, 8, 0)),  # Spring Festival eve → first day
    ],
)
def test_due_exactly_24_clock_hours_later_by_default(consumer, consumer_line, asked_at, due):
    callback, _ = ask(consumer, asked_at)
    assert callback.due_at == due
    assert callbacks.sweep(now=due - timedelta(seconds=1)) == 0
    assert callbacks.sweep(now=due) == 1


def test_what_the_consumer_is_told_matches_the_setting(settings):
    with translation.override("zh-hans"):
        assert (
            callbacks.promise("138****1234") == "我们会在您提出申请后 24 小时内致电 138****1234。"
        )
        settings.TOUSU_CALLBACK_DUE = "16h"
        assert "热线服务时间 16 个工作小时内" in callbacks.promise("138****1234")


def test_only_consumers_with_a_phone_may_ask(
    consumer, outsider, merchant_staff, agent, consumer_line, complaint
):
    with pytest.raises(ComplaintError):
        callbacks.request_callback(merchant_staff, by=merchant_staff, channel="web")
    with pytest.raises(ComplaintError):
        callbacks.request_callback(outsider, by=outsider, channel="web")  # no phone
    with pytest.raises(ComplaintError):
        callbacks.request_callback(consumer, by=outsider, channel="web")  # not for someone else
    with pytest.raises(ComplaintError):
        callbacks.request_callback(consumer, by=merchant_staff, channel="web")
    outsider.phone = "13900000000"
    outsider.save()
    with pytest.raises(ComplaintError):
        callbacks.request_callback(
            outsider, by=outsider, channel="web", complaint=complaint
        )  # not their complaint
    callback, _ = callbacks.request_callback(
        consumer, by=agent, channel="phone", complaint=complaint
    )
    assert callback.requested_by == agent
    assert complaint.events.filter(kind="call").exists()


def test_retry_policy_then_give_up(consumer, consumer_line, agent, settings, complaint):
    settings.TOUSU_CALLBACK_RETRY_MINUTES = [30, 120]
    settings.TOUSU_CALLBACK_MAX_ATTEMPTS = 3
    callback, _ = ask(consumer, at(2026, 3, 2, 10), complaint=complaint)
    with time_machine.travel(at(2026, 3, 2, 21, 15), tick=False):
        callback = callbacks.record_attempt(callback, agent, "no_answer")
    # 15 minutes left today; the other 15 after the next opening.
    assert (callback.attempts, callback.state, callback.next_attempt_at) == (
        1,
        "pending",
        at(2026, 3, 3, 8, 15),
    )
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        callback = callbacks.record_attempt(callback, agent, "busy")
    assert callback.next_attempt_at == at(2026, 3, 3, 11)
    with time_machine.travel(at(2026, 3, 3, 11), tick=False):
        callback = callbacks.record_attempt(callback, agent, "no_answer", note="关机")
    assert callback.state == CallbackState.GIVEN_UP and callback.attempts == 3
    with pytest.raises(ComplaintError):
        callbacks.record_attempt(callback, agent, "reached")
    outcomes = [
        e.data["call"]["outcome"]
        for e in complaint.events.filter(kind="call")
        if "outcome" in e.data["call"]
    ]
    assert outcomes == ["no_answer", "busy", "no_answer"]


def test_reached_finishes_it(consumer, consumer_line, agent):
    callback, _ = ask(consumer, at(2026, 3, 2, 10))
    callback = callbacks.record_attempt(callback, agent, "reached")
    assert callback.state == "reached" and callback.done_at is not None
    with pytest.raises(ComplaintError):
        callbacks.record_attempt(callback, consumer, "reached")


def test_queue_is_sorted_by_due_time(consumer, outsider, consumer_line):
    outsider.phone = "13900000000"
    outsider.save()
    late, _ = ask(consumer, at(2026, 3, 2, 12))
    early, _ = ask(outsider, at(2026, 3, 2, 9))
    assert [c.pk for c in callbacks.queue()] == [early.pk, late.pk]


def test_sweep_flags_breaches_once_and_tells_the_supervisors(
    consumer, consumer_line, supervisor, agent, client, settings
):
    settings.TOUSU_CALLBACK_DUE = "24h"
    callback, _ = ask(consumer, at(2026, 3, 2, 10))  # due 3 Mar 20:30 (24 service hours)
    assert callbacks.sweep(now=at(2026, 3, 3, 20, 29)) == 0
    assert callbacks.sweep(now=at(2026, 3, 3, 20, 31)) == 1
    assert callbacks.sweep(now=at(2026, 3, 3, 20, 40)) == 0
    callback.refresh_from_db()
    assert callback.breached_at == at(2026, 3, 3, 20, 31)
    notice = Outbox.objects.get(topic="callback_breached")
    assert notice.recipient == supervisor and "138****1234" in notice.context["who"]
    from tousu.notify.topics import render

    title, body = render(notice.topic, notice.context)
    assert "Callback overdue" in title and "20:30" in body
    # The supervisor view lists it.
    client.force_login(supervisor)
    with time_machine.travel(at(2026, 3, 3, 21), tick=False):
        html = client.get("/desk/supervisor/").content.decode()
    assert "Callbacks overdue" in html and f"/desk/phone/callbacks/{callback.pk}/" in html


def test_worker_round_sweeps_callbacks(consumer, consumer_line, supervisor):
    from django.core.management import call_command

    ask(consumer, at(2026, 3, 2, 10))
    with time_machine.travel(at(2026, 3, 5, 10), tick=False):
        call_command("worker", "--once")
    assert Callback.objects.get().breached_at is not None
    assert Outbox.objects.filter(topic="callback_breached", state="sent").exists()


def test_portal_request(client, consumer, consumer_line, complaint):
    client.force_login(consumer)
    with time_machine.travel(at(2026, 3, 2, 23), tick=False):
        response = client.post(
            "/channels/phone/callback/", {"complaint": complaint.number, "reason": "请尽快回电"}
        )
        assert response.status_code == 302
        html = client.get("/service/").content.decode()
    callback = Callback.objects.get()
    assert (callback.channel, callback.complaint, callback.reason) == (
        "web",
        complaint,
        "请尽快回电",
    )
    assert "We will call you at 138****1234 by 2026-03-03 23:00" in html


def test_portal_request_is_for_consumers_only(client, agent, merchant_staff):
    for user in (agent, merchant_staff):
        client.force_login(user)
        assert client.post("/channels/phone/callback/", {}).status_code == 404
    client.logout()
    assert client.post("/channels/phone/callback/", {}).status_code == 302
    assert not Callback.objects.exists()


def test_api_request(consumer, consumer_line, complaint, outsider, api_client_for):
    api = api_client_for(consumer)
    with time_machine.travel(at(2026, 3, 2, 23), tick=False):
        response = api.post("/api/v1/callbacks", {"complaint_number": complaint.number})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phone_masked"] == "138****1234" and body["complaint_number"] == complaint.number
    assert body["due_at"].startswith("2026-03-03T23:00") and body["asked"] == "created"
    again = api.post("/api/v1/callbacks", {})
    assert again.status_code == 200 and again.json()["asked"] == "pending"
    assert len(api.get("/api/v1/callbacks").json()) == 1
    # Someone else's complaint: 404, nothing booked.
    outsider.phone = "13900000000"
    outsider.save()
    other = api_client_for(outsider)
    assert (
        other.post("/api/v1/callbacks", {"complaint_number": complaint.number}).status_code == 404
    )
    assert other.get("/api/v1/callbacks").json() == []
    assert Callback.objects.count() == 1


def test_api_refuses_non_consumers(agent, consumer_line, api_client_for):
    assert api_client_for(agent).post("/api/v1/callbacks", {}).status_code == 403
