"""催办 and 人工 reach every open complaint: a numbered list, five to a page, paged with
下一页 / 上一页, the numbers running on across pages."""

import pytest

from tests.conftest import draft
from tests.wechat.test_dialogue import OPENID
from tousu.channels.wechat.models import Binding, Conversation, State
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_open(consumer, order, settings):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = settings.TOUSU_FILING_LIMIT_PER_DAY = 50
    Binding.objects.create(openid=OPENID, user=consumer)
    filed = [
        filing.file_complaint(
            consumer,
            draft(order.number, description=f"第{i}个问题，耳机没有声音。"),
            channel=Channel.WEB,
        )[0]
        for i in range(12)
    ]
    return [c.number for c in reversed(filed)]  # newest first, as listed


def test_urge_pages_through_twelve_open_complaints(wire, twelve_open):
    first = wire.say(OPENID, "催办")
    assert all(f"{i}. {twelve_open[i - 1]}" in first for i in range(1, 6))
    assert twelve_open[5] not in first
    assert "Complaints 1–5 of 12." in first and "下一页" in first and "上一页" not in first

    second = wire.say(OPENID, "下一页")
    assert all(f"{i}. {twelve_open[i - 1]}" in second for i in range(6, 11))
    assert twelve_open[0] not in second and "Complaints 6–10 of 12." in second
    assert "下一页" in second and "上一页" in second

    third = wire.say(OPENID, "下一页")
    assert f"11. {twelve_open[10]}" in third and f"12. {twelve_open[11]}" in third
    assert "Complaints 11–12 of 12." in third and "Reply 下一页" not in third

    assert "no more" in wire.say(OPENID, "下一页")  # and the same page again
    assert Conversation.objects.get().page == 2

    assert "urged" in wire.say(OPENID, "12")  # the oldest, beyond the first five
    assert Conversation.objects.get().state == State.IDLE
    assert list(Complaint.objects.filter(urge_count=1).values_list("number", flat=True)) == [
        twelve_open[11]
    ]


def test_human_reaches_an_older_complaint_and_back_pages_work(wire, twelve_open, consumer):
    wire.say(OPENID, "人工")
    wire.say(OPENID, "下一页")
    assert "Complaints 1–5 of 12." in wire.say(OPENID, "上一页")
    assert "no more" in wire.say(OPENID, "上一页")
    wire.say(OPENID, "下一页")
    assert "customer service about complaint " + twelve_open[7] in wire.say(OPENID, "8")
    assert "Sent" in wire.say(OPENID, "请帮我看看这个投诉")
    conv = Conversation.objects.get()
    assert (conv.state, conv.complaint_number) == (State.HUMAN, twelve_open[7])
    message = Complaint.objects.get(number=twelve_open[7]).events.get(kind=EventKind.MESSAGE)
    assert message.actor == consumer


def test_a_number_on_another_page_or_the_complaint_number_itself(wire, twelve_open):
    wire.say(OPENID, "催办")
    assert "urged" in wire.say(OPENID, twelve_open[9])  # typed in full, not on page 1
    wire.say(OPENID, "催办")
    assert "one of the numbers" in wire.say(OPENID, "13")
    assert "one of the numbers" in wire.say(OPENID, "0")


def test_someone_elses_complaint_cannot_be_picked(wire, twelve_open, outsider, outsider_order):
    theirs, _ = filing.file_complaint(outsider, draft(outsider_order.number), channel=Channel.WEB)
    listed = wire.say(OPENID, "催办")
    assert "of 12." in listed and theirs.number not in listed
    assert "one of the numbers" in wire.say(OPENID, theirs.number)
    theirs.refresh_from_db()
    assert theirs.urge_count == 0
