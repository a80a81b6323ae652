"""The phone desk: look the caller up, see orders and complaints, file or add on their behalf; access."""

from __future__ import annotations

import pytest

from tests.conftest import make_order
from tests.phone.conftest import CONSUMER_LINE, MERCHANT_LINE
from tousu.accounts.models import PhoneReveal, User
from tousu.channels.phone import callbacks
from tousu.channels.phone.models import Call, Callback
from tousu.complaints import actions
from tousu.complaints.models import Complaint


@pytest.fixture
def as_agent(client, agent):
    client.force_login(agent)
    return client


def lookup(client, number, line):
    response = client.post("/desk/phone/", {"number": number, "line": line.pk})
    assert response.status_code == 302, response.content.decode()[:500]
    return Call.objects.latest("id"), response["Location"]


def test_typed_call_shows_orders_and_complaints_at_once(
    as_agent, consumer, complaint, order, consumer_line
):
    call, url = lookup(as_agent, "138-1234-1234", consumer_line)
    assert call.consumer == consumer and call.complaint == complaint
    html = as_agent.get(url).content.decode()
    assert order.number in html and complaint.number in html and "138****1234" in html
    assert "13812341234" not in html and "138 1234 1234" not in html


def test_file_a_complaint_for_the_caller(as_agent, agent, consumer, order, consumer_line):
    call, url = lookup(as_agent, "13812341234", consumer_line)
    response = as_agent.post(
        url + "file/",
        {
            "order": order.number,
            "kind": "after_sales",
            "category": "quality",
            "demand": "return_refund",
            "amount": "299.00",
            "description": "电话里说耳机没声音",
            "notes": "客户情绪激动",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.consumer, complaint.order) == ("phone", consumer, order)
    notes = complaint.events.filter(kind="call").get()
    assert (
        notes.internal
        and notes.body == "客户情绪激动"
        and notes.actor == agent
        and notes.channel == "phone"
    )
    assert Call.objects.get(pk=call.pk).complaint == complaint
    # A double submit of the same call files once.
    as_agent.post(
        url + "file/",
        {
            "order": order.number,
            "kind": "after_sales",
            "category": "quality",
            "demand": "return_refund",
            "amount": "299.00",
            "description": "电话里说耳机没声音",
        },
    )
    assert Complaint.objects.count() == 1


def test_add_to_an_existing_complaint_reopens_a_closed_one(
    as_agent, consumer, complaint, consumer_line
):
    from django.utils import timezone

    Complaint.objects.filter(pk=complaint.pk).update(status="closed", closed_at=timezone.now())
    call, url = lookup(as_agent, "13812341234", consumer_line)
    response = as_agent.post(
        url + "add/", {"complaint": complaint.number, "message": "又坏了", "notes": "来电"}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"
    assert complaint.events.filter(transition="reopen", channel="phone").exists()


def test_unknown_caller_gets_an_account_explicitly(as_agent, agent, consumer_line):
    call, url = lookup(as_agent, "139 0000 1111", consumer_line)
    assert call.consumer is None
    assert "No account has this number" in as_agent.get(url).content.decode()
    assert as_agent.post(url + "account/", {"display_name": "王先生"}).status_code == 302
    user = User.objects.get(phone="+8613900001111")
    assert (
        user.role == "consumer" and not user.has_usable_password() and user.display_name == "王先生"
    )
    assert Call.objects.get(pk=call.pk).consumer == user


def test_several_accounts_with_one_number_are_picked_by_the_agent(
    as_agent, consumer, outsider, consumer_line
):
    outsider.phone = consumer.phone
    outsider.save()
    call, url = lookup(as_agent, "13812341234", consumer_line)
    assert call.consumer is None and "Several accounts" in as_agent.get(url).content.decode()
    as_agent.post(url + "pick/", {"consumer": outsider.pk})
    assert Call.objects.get(pk=call.pk).consumer == outsider


def test_merchant_line_shows_the_merchants_complaints(
    as_agent, merchant_staff, shop, complaint, merchant_line
):
    merchant_staff.phone = "021-61234567"
    merchant_staff.save()
    call, url = lookup(as_agent, "021 6123 4567", merchant_line)
    html = as_agent.get(url).content.decode()
    assert shop.shop_name in html and complaint.number in html and "Merchant line" in html


def test_callback_booked_by_the_agent_and_worked_from_the_queue(
    as_agent, agent, consumer, complaint, consumer_line
):
    call, url = lookup(as_agent, "13812341234", consumer_line)
    assert (
        as_agent.post(
            url + "callback/", {"complaint": complaint.number, "reason": "查物流"}
        ).status_code
        == 302
    )
    callback = Callback.objects.get()
    assert callback.requested_by == agent and callback.channel == "phone"
    queue = as_agent.get("/desk/phone/callbacks/").content.decode()
    assert consumer.display_name in queue and "138****1234" in queue
    page = f"/desk/phone/callbacks/{callback.pk}/"
    assert "13812341234" not in as_agent.get(page).content.decode()
    revealed = as_agent.post(page + "number/", HTTP_HX_REQUEST="true").content.decode()
    assert "138 1234 1234" in revealed
    log = PhoneReveal.objects.get()
    assert (log.viewer, log.subject, log.complaint, log.where) == (
        agent,
        consumer,
        complaint,
        "callback",
    )
    assert as_agent.post(page, {"outcome": "reached", "note": "已说明"}).status_code == 302
    callback.refresh_from_db()
    assert callback.state == "reached"


def test_desk_home_lists_calls_and_lines(as_agent, sender, consumer_line, complaint):
    sender.event("ringing", "c-9", **{"from": "13812341234", "to": CONSUMER_LINE})
    html = as_agent.get("/desk/phone/").content.decode()
    assert "138****1234" in html and complaint.number in html and "021 5339 5288" in html


def test_bad_number_is_refused(as_agent, consumer_line):
    response = as_agent.post("/desk/phone/", {"number": "12345", "line": consumer_line.pk})
    assert response.status_code == 422 and not Call.objects.exists()


def test_every_desk_page_is_404_for_everyone_but_platform_staff(
    client, consumer, outsider, merchant_staff, consumer_line, complaint
):
    call = Call.objects.create(
        call_id="c-x", caller="+8613812341234", started_at=complaint.created_at, consumer=consumer
    )
    callback, _ = callbacks.request_callback(consumer, by=consumer, channel="web")
    gets = [
        "/desk/phone/",
        f"/desk/phone/calls/{call.call_id}/",
        "/desk/phone/callbacks/",
        f"/desk/phone/callbacks/{callback.pk}/",
    ]
    posts = [
        f"/desk/phone/calls/{call.call_id}/{p}/"
        for p in ("pick", "account", "file", "add", "callback")
    ] + [
        f"/desk/phone/callbacks/{callback.pk}/number/",
        f"/desk/phone/callbacks/{callback.pk}/",
        "/desk/phone/",
    ]
    for user in (consumer, outsider, merchant_staff):
        client.force_login(user)
        for url in gets:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert (
                client.post(url, {"outcome": "reached", "number": "13812341234"}).status_code == 404
            ), (user, url)
    client.logout()
    assert all(client.get(url).status_code == 302 for url in gets)
    assert not PhoneReveal.objects.exists() and Call.objects.count() == 1
    callback.refresh_from_db()
    assert callback.state == "pending" and callback.attempts == 0


FILING = {
    "kind": "after_sales",
    "category": "quality",
    "demand": "return_refund",
    "amount": "299.00",
    "description": "电话里又说了一遍耳机没声音",
}


def test_a_caller_with_an_open_complaint_on_the_order_is_warned_first(
    as_agent, consumer, complaint, order, consumer_line
):
    call, url = lookup(as_agent, "13812341234", consumer_line)
    warned = as_agent.post(url + "file/", {**FILING, "order": order.number})
    assert warned.status_code == 422
    html = warned.content.decode()
    assert f"There is already an open complaint {complaint.number}" in html
    assert 'name="confirm_new"' in html
    assert Complaint.objects.count() == 1
    filed = as_agent.post(url + "file/", {**FILING, "order": order.number, "confirm_new": "on"})
    assert filed.status_code == 302
    assert Complaint.objects.count() == 2


def test_no_warning_for_another_order_or_none(
    as_agent, consumer, complaint, order, shop, consumer_line
):
    other = make_order(consumer, shop, "202611200099")
    call, url = lookup(as_agent, "13812341234", consumer_line)
    assert as_agent.post(url + "file/", {**FILING, "order": other.number}).status_code == 302
    assert Complaint.objects.filter(order=other).exists()
