"""The conversation: subscribe → 投诉 → bind → order → describe → demand → photo → 提交 → number;
then 进度, 催办, 人工, 取消, and help for anything unexpected."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import make_order
from tousu.channels.wechat.models import Binding, BindingCode, Conversation, State
from tousu.complaints.choices import Category, Channel, Demand, EventKind
from tousu.complaints.models import Complaint, Evidence
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Outbox, OutboxState

pytestmark = pytest.mark.django_db
OPENID = "oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd"


class Sms:
    def __init__(self):
        self.sent = []

    def send(self, phone, template, params, message_id):
        self.sent.append((phone, template.fill(params)))

    def last_code(self):
        return re.search(r"(?<!\d)(\d{6})(?!\d)", self.sent[-1][1]).group(1)


@pytest.fixture
def sms(settings, monkeypatch):
    box = Sms()
    monkeypatch.setattr("tousu.channels.wechat.binding.sms_provider", lambda: box)
    return box


def bind(wire, sms, phone="13812341234"):
    assert "mobile number" in wire.say(OPENID, "投诉")
    assert "6-digit code" in wire.say(OPENID, phone)
    return wire.say(OPENID, sms.last_code())


def number_of(label, choices):
    return str([value for value, _ in choices].index(label) + 1)


def test_full_conversation_from_follow_to_complaint_number(
    safe_wire, sms, consumer, order, wechat_api
):
    wire = safe_wire
    make_order(consumer, order.merchant, "202611200002", amount_fen=5900)
    welcome = wire.say(OPENID, action="subscribe")
    assert "投诉" in welcome and "进度" in welcome and "催办" in welcome

    listed = bind(wire, sms)
    assert "linked" in listed and sms.sent[0][0] == "+8613812341234"
    assert Binding.objects.get(openid=OPENID).user == consumer
    assert "1. 202611200002" in listed and "2. 202611200001" in listed  # newest first

    assert "describe" in wire.say(OPENID, "2")
    assert "kind of problem" in wire.say(OPENID, "耳机左耳没有声音，换了手机也一样。")
    assert "What would you like" in wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    assert "How much" in wire.say(OPENID, number_of(Demand.RETURN_REFUND, Demand.choices))
    assert "photos" in wire.say(OPENID, "全额")
    assert "Photo 1 received" in wire.say(OPENID, action="image")
    assert not Complaint.objects.exists()

    done = wire.say(OPENID, "提交")
    complaint = Complaint.objects.get()
    assert complaint.number in done
    assert (
        complaint.channel,
        complaint.order,
        complaint.category,
        complaint.demand,
        complaint.demand_amount_fen,
    ) == (Channel.WECHAT, order, Category.QUALITY, Demand.RETURN_REFUND, 29900)
    assert complaint.description == "耳机左耳没有声音，换了手机也一样。"
    assert Conversation.objects.get(openid=OPENID).state == State.IDLE

    # The photo is fetched in the background, not during the reply.
    assert not Evidence.objects.exists() and wechat_api.calls == []
    job = Outbox.objects.get(topic="wechat_media")
    deliver_due()
    job.refresh_from_db()
    assert job.state == OutboxState.SENT
    evidence = Evidence.objects.get(complaint=complaint)
    assert evidence.channel == Channel.WECHAT and len(evidence.sha256) == 64
    assert [c[1] for c in wechat_api.calls] == ["/cgi-bin/token", "/cgi-bin/media/get"]

    status = wire.say(OPENID, "进度")
    assert complaint.number in status and "Acknowledged" in status

    assert "urged" in wire.say(OPENID, "催办")
    assert "again after" in wire.say(OPENID, "催办")  # the cooldown, as a chat message
    complaint.refresh_from_db()
    assert complaint.urge_count == 1


def test_no_order_complaint_without_amount(wire, sms, consumer, order):
    bind(wire, sms)
    wire.say(OPENID, "0")
    wire.say(OPENID, "客服电话一直打不通，态度很差。")
    wire.say(OPENID, number_of(Category.SERVICE, Category.choices))
    assert "photos" in wire.say(OPENID, number_of(Demand.APOLOGY, Demand.choices))
    assert "TS" in wire.say(OPENID, "提交")
    complaint = Complaint.objects.get()
    assert complaint.order is None and complaint.demand == Demand.APOLOGY


def test_order_typed_by_number_and_unknown_order(wire, sms, consumer, order, outsider_order):
    bind(wire, sms)
    assert "cannot find" in wire.say(OPENID, outsider_order.number)  # someone else's order
    assert "describe" in wire.say(OPENID, order.number)
    assert Conversation.objects.get().order_number == order.number


def test_cancel_files_nothing(wire, sms, consumer, order):
    bind(wire, sms)
    wire.say(OPENID, "1")
    assert "Nothing was filed" in wire.say(OPENID, "取消")
    assert not Complaint.objects.exists()
    assert Conversation.objects.get().state == State.IDLE


def test_unexpected_input_gets_a_short_prompt(wire, consumer):
    reply = wire.say(OPENID, "你好")
    assert "did not understand" in reply and "投诉" in reply
    assert "did not understand" not in wire.say(OPENID, "帮助")


def test_invalid_choices_repeat_the_question(wire, sms, consumer, order):
    bind(wire, sms)
    assert "cannot find" in wire.say(OPENID, "9")
    wire.say(OPENID, "1")
    assert "few more words" in wire.say(OPENID, "坏")
    wire.say(OPENID, "耳机左耳没有声音。")
    assert "one of these numbers" in wire.say(OPENID, "99")
    wire.say(OPENID, "1")
    wire.say(OPENID, number_of(Demand.COMPENSATION, Demand.choices))
    assert "number of yuan" in wire.say(OPENID, "很多")
    wire.say(OPENID, "50")
    assert "提交" in wire.say(OPENID, "好了")
    assert Conversation.objects.get().amount_fen == 5000


def test_idle_conversation_starts_over(wire, sms, consumer, order, settings):
    bind(wire, sms)
    with time_machine.travel(
        timezone.now() + timedelta(minutes=settings.TOUSU_WECHAT_IDLE_MINUTES + 1)
    ):
        settings.TOUSU_WECHAT_MAX_SKEW = 0  # the wire signs with the real clock
        reply = wire.say(OPENID, "1")
    assert "started over" in reply
    assert Conversation.objects.get().state == State.IDLE


def test_replies_are_chinese_whatever_the_request_says(wire, consumer, chinese_default):
    wire.http.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    reply = wire.say(OPENID, "投诉")
    assert "手机号" in reply


# --- binding ------------------------------------------------------------------------------


def test_code_is_hashed_expiring_and_limited(wire, sms, consumer, settings):
    wire.say(OPENID, "投诉")
    assert "mainland mobile" in wire.say(OPENID, "12345")
    wire.say(OPENID, "+86 138-1234-1234")
    code = sms.last_code()
    row = BindingCode.objects.get()
    assert code not in row.code_hash and row.phone == "+8613812341234"
    wrong = "000000" if code != "000000" else "111111"
    for left in range(settings.TOUSU_WECHAT_CODE_ATTEMPTS - 1, 0, -1):
        assert f"Tries left: {left}" in wire.say(OPENID, wrong)
    assert "Too many wrong codes" in wire.say(OPENID, wrong)
    assert "Too many wrong codes" in wire.say(OPENID, code)  # even the right code, now
    assert not Binding.objects.exists()


def test_expired_code_is_refused(wire, sms, consumer, settings):
    wire.say(OPENID, "投诉")
    wire.say(OPENID, "13812341234")
    code = sms.last_code()
    settings.TOUSU_WECHAT_MAX_SKEW = 0
    with time_machine.travel(
        timezone.now() + timedelta(minutes=settings.TOUSU_WECHAT_CODE_MINUTES + 1)
    ):
        assert "expired" in wire.say(OPENID, code)
    assert not Binding.objects.exists()


def test_unknown_phone_gets_the_same_answer_and_no_sms(wire, sms, consumer, outsider):
    wire.say(OPENID, "投诉")
    assert "6-digit code" in wire.say(OPENID, "13900001111")
    assert sms.sent == []
    assert "not right" in wire.say(OPENID, "123456")


def test_sms_sending_is_rate_limited(wire, sms, consumer, settings):
    wire.say(OPENID, "投诉")
    for _ in range(settings.TOUSU_WECHAT_CODES_PER_HOUR):
        assert "6-digit code" in wire.say(OPENID, "13812341234")
    assert "Too many codes" in wire.say(OPENID, "13812341234")
    assert len(sms.sent) == settings.TOUSU_WECHAT_CODES_PER_HOUR


def test_status_before_binding_binds_then_answers(wire, sms, consumer, complaint):
    wire.say(OPENID, "进度")
    wire.say(OPENID, "13812341234")
    reply = wire.say(OPENID, sms.last_code())
    assert "linked" in reply and complaint.number in reply


# --- after filing ---------------------------------------------------------------------------


@pytest.fixture
def bound(consumer):
    Binding.objects.create(openid=OPENID, user=consumer)
    return consumer


def test_urge_picks_among_several_open_complaints(wire, bound, complaint, order):
    from tests.conftest import draft
    from tousu.complaints import actions, filing

    second, _ = filing.file_complaint(
        bound, draft(order.number, description="第二个问题"), channel=Channel.WEB
    )
    listed = wire.say(OPENID, "催办")
    assert "1. " + second.number in listed and "2. " + complaint.number in listed
    assert "urged" in wire.say(OPENID, "2")
    complaint.refresh_from_db()
    assert complaint.urge_count == 1


def test_nothing_to_urge(wire, bound):
    assert "no open complaint" in wire.say(OPENID, "催办")


def test_human_handover_relays_to_the_complaint(wire, bound, complaint, agent, wechat_api):
    assert "customer service" in wire.say(OPENID, "人工")
    assert "Sent" in wire.say(OPENID, "请尽快处理，谢谢")
    event = complaint.events.filter(kind=EventKind.MESSAGE).get()
    assert (event.body, event.channel, event.actor) == ("请尽快处理，谢谢", Channel.WECHAT, bound)
    assert "Photo received" in wire.say(OPENID, action="image")
    assert Outbox.objects.filter(topic="wechat_media", complaint=complaint).count() == 1
    assert "stopped" in wire.say(OPENID, "退出")
    assert Conversation.objects.get().state == State.IDLE


def test_photo_outside_a_draft_explains(wire, bound):
    assert "first type 投诉" in wire.say(OPENID, action="image")


def test_a_retried_submit_files_one_complaint_within_the_budget(wire, sms, consumer, order):
    import time

    from tousu.channels.wechat.simulator import message_xml

    bind(wire, sms)
    wire.say(OPENID, "1")
    wire.say(OPENID, "耳机左耳没有声音。")
    wire.say(OPENID, "1")
    wire.say(OPENID, number_of(Demand.EXCHANGE, Demand.choices))
    submit = message_xml(OPENID, "text", "提交")
    started = time.monotonic()
    first = wire.reply_text(wire.post(submit))
    assert time.monotonic() - started < 2  # far inside WeChat's 5 s
    again = wire.reply_text(wire.post(submit))  # WeChat did not get the answer and retries
    assert first == again and Complaint.objects.get().number in first
    assert Complaint.objects.count() == 1


def test_binding_removed_mid_draft_starts_over(wire, sms, consumer, order):
    bind(wire, sms)
    Binding.objects.all().delete()
    assert "投诉" in wire.say(OPENID, "1")
    assert Conversation.objects.get().state == State.IDLE


def test_writing_coach_tips_come_before_submitting(wire, sms, consumer, order):
    bind(wire, sms)
    wire.say(OPENID, "1")
    wire.say(OPENID, "你们这些骗子，耳机是垃圾！")
    wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    prompt = wire.say(OPENID, number_of(Demand.EXCHANGE, Demand.choices))
    assert "photos" in prompt and "Tips on your description" in prompt
    # At most three tips, warnings (the insult) first; evidence is asked for in this very reply.
    assert "Insulting" in prompt and prompt.count("\n· ") == 3 and "No evidence" not in prompt
    assert "TS" in wire.say(OPENID, "提交")  # advice only: submitting still works


def test_no_tips_for_a_clear_description(wire, sms, consumer, order):
    bind(wire, sms)
    wire.say(OPENID, "1")
    wire.say(
        OPENID, "11月3日收到的耳机左耳没有声音，页面写着立体声，实际只有右耳有声音。希望换货。"
    )
    wire.say(OPENID, number_of(Category.QUALITY, Category.choices))
    assert "Tips" not in wire.say(OPENID, number_of(Demand.EXCHANGE, Demand.choices))
