"""WeChat: an open complaint of the user's on the same order line is offered before a new one."""

import pytest

from tests.conftest import draft
from tests.wechat.test_dialogue import OPENID, bind, number_of, sms  # noqa: F401 (the sms fixture)
from tousu.channels.wechat.models import Conversation, State
from tousu.complaints import actions, filing
from tousu.complaints.choices import Category, Channel, Demand
from tousu.complaints.models import Complaint, ComplaintEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_one(consumer, order):
    return filing.file_complaint(consumer, draft(), channel=Channel.APP)[0]


def test_reply_1_adds_to_the_open_complaint(wire, sms, consumer, order, open_one):
    bind(wire, sms)
    asked = wire.say(OPENID, "1")
    assert open_one.number in asked and "无线蓝牙耳机" in asked
    assert "Reply 1 to add" in asked and "2 to file a new complaint" in asked
    assert Conversation.objects.get().state == State.DUPLICATE
    assert open_one.number in wire.say(OPENID, "1")
    conv = Conversation.objects.get()
    assert (conv.state, conv.complaint_number) == (State.HUMAN, open_one.number)
    wire.say(OPENID, "右耳现在也坏了。")
    assert ComplaintEvent.objects.filter(complaint=open_one, body="右耳现在也坏了。").exists()
    assert Complaint.objects.count() == 1


def test_reply_2_goes_on_with_a_new_complaint(wire, sms, consumer, order, open_one):
    bind(wire, sms)
    wire.say(OPENID, "1")
    assert "describe" in wire.say(OPENID, "2")
    wire.say(OPENID, "右耳也没有声音了，换了手机也一样。")
    wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    wire.say(OPENID, number_of(Demand.RETURN_REFUND, Demand.choices))
    wire.say(OPENID, "全额")
    assert "filed" in wire.say(OPENID, "提交")
    assert Complaint.objects.count() == 2


def test_anything_else_asks_again(wire, sms, consumer, order, open_one):
    bind(wire, sms)
    wire.say(OPENID, "1")
    again = wire.say(OPENID, "好的")
    assert open_one.number in again and Conversation.objects.get().state == State.DUPLICATE


def test_the_question_is_chinese(wire, sms, consumer, order, open_one, settings):
    bind(wire, sms)
    settings.LANGUAGE_CODE = "zh-hans"  # the product's own default (bound in English above)
    asked = wire.say(OPENID, "1")
    assert f"已有处理中的投诉 {open_one.number}，补充到原投诉？" in asked
    assert "回复 1 补充到原投诉" in asked and "2 仍然新建" in asked


def test_another_consumers_complaint_is_never_mentioned(
    wire, sms, consumer, order, outsider, outsider_order
):
    filing.file_complaint(outsider, draft(order_number=outsider_order.number), channel=Channel.APP)
    bind(wire, sms)
    assert "describe" in wire.say(OPENID, "1")
