"""A callback asked while one is pending keeps the new reason and complaint (merged, with a message),
from the action, the phone desk, the portal and the API; nothing is discarded."""

from __future__ import annotations

import pytest
import time_machine

from tests.conftest import draft
from tests.phone.conftest import at
from tousu.channels.phone import callbacks
from tousu.channels.phone.callbacks import Asked
from tousu.channels.phone.models import Call, Callback
from tousu.complaints import actions, filing


def ask(consumer, moment, **kw):
    with time_machine.travel(moment, tick=False):
        return callbacks.request_callback(
            consumer, by=kw.pop("by", consumer), channel=kw.pop("channel", "web"), **kw
        )


@pytest.fixture
def second(consumer, order):
    """Another complaint of the same consumer."""
    filed, _ = filing.file_complaint(
        consumer, draft(order.number, description="另一件商品也有问题。"), channel="web"
    )
    return filed


def callback_events(complaint):
    return [
        e
        for e in complaint.events.filter(kind="call")
        if e.data["call"].get("event") == "callback_requested"
    ]


def test_second_request_adds_its_reason_and_complaint_and_keeps_the_due_time(
    consumer, consumer_line, complaint, second
):
    first, asked = ask(consumer, at(2026, 3, 2, 10), reason="查物流")
    assert asked == Asked.CREATED and first.complaint is None
    again, asked = ask(consumer, at(2026, 3, 2, 15), reason="退款没到账", complaint=complaint)
    assert (asked, again.pk) == (Asked.MERGED, first.pk)
    again.refresh_from_db()
    assert (
        again.reason == "查物流\n退款没到账" and again.complaint == complaint
    )  # the first complaint link
    assert again.due_at == at(2026, 3, 3, 10)  # the promise made first still holds
    third, asked = ask(consumer, at(2026, 3, 2, 16), reason="还有一件", complaint=second)
    assert asked == Asked.MERGED and third.complaint == complaint
    assert list(third.also_about.all()) == [second]
    assert third.reason.splitlines() == ["查物流", "退款没到账", "还有一件"]
    # Each complaint's timeline shows the request that named it.
    assert [e.body for e in callback_events(complaint)] == ["退款没到账"]
    assert [e.body for e in callback_events(second)] == ["还有一件"]
    assert Callback.objects.count() == 1


def test_the_same_request_again_changes_nothing(consumer, consumer_line, complaint):
    ask(consumer, at(2026, 3, 2, 10), reason="查物流", complaint=complaint)
    callback, asked = ask(consumer, at(2026, 3, 2, 11), reason="查物流", complaint=complaint)
    assert asked == Asked.PENDING and callback.reason == "查物流"
    assert len(callback_events(complaint)) == 1


def test_a_finished_callback_is_not_merged_into(consumer, consumer_line, agent):
    first, _ = ask(consumer, at(2026, 3, 2, 10), reason="查物流")
    callbacks.record_attempt(first, agent, "reached")
    second, asked = ask(consumer, at(2026, 3, 2, 12), reason="又有问题")
    assert asked == Asked.CREATED and second.pk != first.pk and second.reason == "又有问题"


def test_phone_desk_merges_with_a_message(
    client, agent, consumer, complaint, second, consumer_line
):
    ask(consumer, at(2026, 3, 2, 10), reason="查物流", complaint=complaint)
    client.force_login(agent)
    client.post("/desk/phone/", {"number": "13812341234", "line": consumer_line.pk})
    call = Call.objects.latest("id")
    url = f"/desk/phone/calls/{call.call_id}/"
    response = client.post(
        url + "callback/", {"complaint": second.number, "reason": "客户再次来电催退款"}, follow=True
    )
    html = response.content.decode()
    assert "already had a callback pending: the new reason and complaint were added to it" in html
    callback = Callback.objects.get()
    assert callback.reason == "查物流\n客户再次来电催退款" and list(callback.also_about.all()) == [
        second
    ]
    page = client.get(f"/desk/phone/callbacks/{callback.pk}/").content.decode()
    assert "客户再次来电催退款" in page and second.number in page and complaint.number in page


def test_portal_merges_with_a_message(client, consumer, complaint, consumer_line):
    ask(consumer, at(2026, 3, 2, 10), reason="查物流")
    client.force_login(consumer)
    with time_machine.travel(at(2026, 3, 2, 12), tick=False):
        response = client.post(
            "/channels/phone/callback/",
            {"complaint": complaint.number, "reason": "退款"},
            follow=True,
        )
    assert (
        "we added this request to it and will call 138****1234 by 2026-03-03 10:00"
        in response.content.decode()
    )
    callback = Callback.objects.get()
    assert (callback.reason, callback.complaint) == ("查物流\n退款", complaint)


def test_api_merges_with_a_message(consumer, consumer_line, complaint, second, api_client_for):
    api = api_client_for(consumer)
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        assert (
            api.post(
                "/api/v1/callbacks", {"complaint_number": complaint.number, "reason": "查物流"}
            ).status_code
            == 201
        )
        response = api.post(
            "/api/v1/callbacks", {"complaint_number": second.number, "reason": "退款"}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["asked"] == "merged" and "we added this request to it" in body["message"]
    assert (body["complaint_number"], body["also_about"], body["reason"]) == (
        complaint.number,
        [second.number],
        "查物流\n退款",
    )
    assert api.get("/api/v1/callbacks").json()[0]["also_about"] == [second.number]
