"""Each phone-desk step is one action in one transaction (tousu.channels.phone.actions): when
its last write fails, nothing of the first ones is left — no complaint filed without its call
and notes, no message added to a complaint the call is not linked to."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tousu.channels.phone import actions as phone_actions
from tousu.channels.phone.models import Call
from tousu.complaints import actions, filing
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint, ComplaintEvent, IdempotencyKey

FILE = {
    "order": "202611200001",
    "kind": "after_sales",
    "category": "quality",
    "demand": "return_refund",
    "amount": "299.00",
    "description": "电话里说耳机没声音",
    "notes": "客户情绪激动",
}


@pytest.fixture
def call(consumer, consumer_line):
    return Call.objects.create(
        call_id="c-1",
        caller="+8613812341234",
        hotline=consumer_line,
        consumer=consumer,
        started_at=timezone.now(),
    )


@pytest.fixture
def notes_fail(monkeypatch):
    """The step's last write (the call notes on the timeline) is refused."""

    def refuse(*args, **kwargs):
        raise TransitionNotAllowed("notes refused")

    monkeypatch.setattr(actions, "log_call", refuse)


def test_filing_for_the_caller_leaves_nothing_when_the_notes_fail(
    client, agent, call, order, notes_fail
):
    client.force_login(agent)
    response = client.post(f"/desk/phone/calls/{call.call_id}/file/", FILE)
    assert response.status_code == 422 and "notes refused" in response.content.decode()
    assert not Complaint.objects.exists() and not ComplaintEvent.objects.exists()
    assert not IdempotencyKey.objects.exists()  # a second try files afresh
    call.refresh_from_db()
    assert call.complaint is None and call.agent is None


def test_adding_to_a_complaint_leaves_nothing_when_the_notes_fail(
    client, agent, call, complaint, notes_fail
):
    before = list(complaint.events.values_list("pk", flat=True))
    client.force_login(agent)
    response = client.post(
        f"/desk/phone/calls/{call.call_id}/add/",
        {"complaint": complaint.number, "message": "又坏了", "notes": "来电"},
    )
    assert response.status_code == 422
    assert list(complaint.events.values_list("pk", flat=True)) == before  # no message either
    call.refresh_from_db()
    assert call.complaint is None


def test_reopening_by_phone_is_undone_when_the_link_fails(agent, call, complaint, monkeypatch):
    Complaint.objects.filter(pk=complaint.pk).update(status="closed", closed_at=timezone.now())

    def broken_link(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(phone_actions, "link", broken_link)
    with pytest.raises(RuntimeError):
        phone_actions.add_to_complaint(call, agent, complaint, "又坏了", "来电")
    complaint.refresh_from_db()
    assert complaint.status == "closed" and not complaint.events.filter(transition="reopen")


def test_the_steps_work_when_nothing_fails(agent, call, order):
    complaint = phone_actions.file_for_caller(
        call,
        agent,
        filing.Draft(
            kind="after_sales",
            category="quality",
            demand="return_refund",
            description="没声音",
            order_number=order.number,
            amount_fen=29900,
        ),
        "来电记录",
    )
    call.refresh_from_db()
    assert call.complaint == complaint and call.agent == agent
    assert complaint.events.get(kind="call").body == "来电记录"
    result = phone_actions.add_to_complaint(call, agent, complaint, "补充：右耳也坏了", "")
    assert result.outcome == "message" and complaint.events.filter(kind="message").count() == 1


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_only_platform_staff_take_the_desk_steps(request, who, call, complaint):
    user = request.getfixturevalue(who)
    with pytest.raises(TransitionNotAllowed):
        phone_actions.add_to_complaint(call, user, complaint, "冒充客服", "")
    with pytest.raises(TransitionNotAllowed):
        phone_actions.pick_consumer(call, user, complaint.consumer)
    call.refresh_from_db()
    assert call.complaint is None and not complaint.events.filter(kind="message").exists()


def test_a_consumer_id_that_is_not_a_number_is_a_404(client, agent, call):
    client.force_login(agent)
    assert (
        client.post(f"/desk/phone/calls/{call.call_id}/pick/", {"consumer": "x"}).status_code == 404
    )
