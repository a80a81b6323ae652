"""A consumer who follows the account and bound it gets their notices on WeChat, whatever
channel the complaint came by: status changes, merchant answers, agent replies, decisions,
deadline reminders. Within 48 hours of their last message as customer-service messages,
after that as template messages (deadline reminders with their own template). A consumer
not bound (or who unfollowed) gets them by SMS instead."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tests.conftest import draft
from tests.steps import take
from tousu.channels.wechat.models import Binding, Conversation
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Medium, Outbox, OutboxState
from tousu.notify.rules import on_window_closing
from tousu.sla.events import WindowClosing
from tousu.sla.models import Deadline

pytestmark = pytest.mark.django_db
OPENID = "oWxNotices000000000000000001"
PUSHED = ["status", "reply", "merchant_answered", "decided", "window_closing"]


def bind(consumer, *, hours_since_last_message: float = 1) -> None:
    Binding.objects.create(openid=OPENID, user=consumer)
    Conversation.objects.create(
        openid=OPENID, last_inbound_at=timezone.now() - timedelta(hours=hours_since_last_message)
    )


def walk(complaint, consumer, agent, merchant_staff) -> None:
    """Each kind of notice once: a status change, an agent's reply, the merchant's answer,
    a deadline reminder (the consumer's window to answer), the platform's decision."""
    actions.post_message(complaint, agent, "您好，我们正在处理。", channel=Channel.DESK)
    take(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    take(complaint, merchant_staff, "merchant_reject", "不同意")
    on_window_closing(
        WindowClosing(Deadline.objects.filter(complaint=complaint, ended_at__isnull=True).first())
    )
    take(complaint, consumer, "request_intervention", "请平台介入")
    take(complaint, agent, "decide", "商品有质量问题", channel=Channel.DESK)


def pushed(consumer) -> dict[str, set[str]]:
    rows = Outbox.objects.filter(recipient=consumer).exclude(medium=Medium.INBOX)
    found: dict[str, set[str]] = {}
    for topic, medium in rows.values_list("topic", "medium"):
        found.setdefault(topic, set()).add(medium)
    return found


def test_a_bound_follower_gets_every_kind_of_notice_on_wechat_for_a_web_complaint(
    complaint, consumer, agent, merchant_staff, wechat_api
):
    assert complaint.channel == Channel.WEB
    bind(consumer)
    walk(complaint, consumer, agent, merchant_staff)
    found = pushed(consumer)
    for topic in PUSHED:
        assert found.get(topic) == {Medium.WECHAT}, topic
    deliver_due()
    assert not Outbox.objects.filter(medium=Medium.WECHAT).exclude(state=OutboxState.SENT).exists()
    texts = [p["text"]["content"] for p in wechat_api.sent("/cgi-bin/message/custom/send")]
    assert any("您好，我们正在处理" in t for t in texts)
    assert any(f"Decision on complaint {complaint.number}" in t for t in texts)
    assert wechat_api.sent("/cgi-bin/message/template/send") == []


def test_outside_the_48_hour_window_template_messages_go_reminders_with_their_own(
    complaint, consumer, agent, merchant_staff, wechat_api, settings
):
    settings.TOUSU_WECHAT_TEMPLATE_ID = "TPL-progress"
    settings.TOUSU_WECHAT_REMINDER_TEMPLATE_ID = "TPL-todo"
    settings.TOUSU_WECHAT_REMINDER_TEMPLATE_FIELDS = "character_string7,thing8,time9"
    bind(consumer, hours_since_last_message=49)
    walk(complaint, consumer, agent, merchant_staff)
    deliver_due()
    assert wechat_api.sent("/cgi-bin/message/custom/send") == []
    templates = wechat_api.sent("/cgi-bin/message/template/send")
    used = {p["template_id"] for p in templates}
    assert used == {"TPL-progress", "TPL-todo"}
    [reminder] = [p for p in templates if p["template_id"] == "TPL-todo"]
    row = Outbox.objects.get(topic="window_closing", medium=Medium.WECHAT)
    due = timezone.localtime(parse_datetime(row.context["due_at"]))
    assert reminder["data"]["character_string7"] == {"value": complaint.number}
    assert reminder["data"]["time9"] == {"value": due.strftime("%Y-%m-%d %H:%M")}
    things = [p["data"].get("thing2") or p["data"]["thing8"] for p in templates]
    assert all(len(thing["value"]) <= 20 for thing in things)  # WeChat's limit for a thing


def test_a_consumer_without_wechat_gets_the_same_notices_by_sms(
    complaint, consumer, agent, merchant_staff, wechat_api
):
    walk(complaint, consumer, agent, merchant_staff)
    found = pushed(consumer)
    for topic in PUSHED:
        assert found.get(topic) == {Medium.SMS}, topic
    assert wechat_api.calls == []


def test_a_consumer_who_unfollowed_gets_sms(complaint, consumer, agent, merchant_staff):
    bind(consumer)
    Conversation.objects.filter(openid=OPENID).update(subscribed=False)
    actions.post_message(complaint, agent, "您好", channel=Channel.DESK)
    assert pushed(consumer)["reply"] == {Medium.SMS}


def test_a_phone_complaint_reaches_the_bound_consumer_on_wechat(consumer, order, agent):
    bind(consumer)
    filed, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.PHONE)
    take(filed, agent, "acknowledge", channel=Channel.DESK)
    assert pushed(consumer) == {"acknowledged": {Medium.WECHAT}}


def test_a_wechat_notice_that_cannot_go_is_sent_by_sms_once(complaint, consumer, agent, wechat_api):
    """The consumer unfollowed after the notice was queued: WeChat refuses (43004), so the
    notice goes to their phone by SMS instead, once, however often delivery runs again."""
    bind(consumer)
    actions.post_message(complaint, agent, "您好", channel=Channel.DESK)
    assert pushed(consumer)["reply"] == {Medium.WECHAT}
    wechat_api.fail_next = [{"errcode": 43004, "errmsg": "require subscribe"}]
    deliver_due(limit=100)
    wechat = Outbox.objects.get(recipient=consumer, topic="reply", medium=Medium.WECHAT)
    assert (wechat.state, wechat.undelivered_reason) == (OutboxState.UNDELIVERABLE, "unfollowed")
    sms = Outbox.objects.get(recipient=consumer, topic="reply", medium=Medium.SMS)
    assert sms.context == wechat.context
    deliver_due(limit=100)
    sms.refresh_from_db()
    assert sms.state == OutboxState.SENT
    assert Outbox.objects.filter(recipient=consumer, medium=Medium.SMS, topic="reply").count() == 1


def test_no_sms_fallback_without_a_phone_number(complaint, consumer, agent, wechat_api):
    bind(consumer)
    consumer.phone = ""
    consumer.save()
    actions.post_message(complaint, agent, "您好", channel=Channel.DESK)
    wechat_api.fail_next = [{"errcode": 43004, "errmsg": "require subscribe"}]
    deliver_due(limit=100)
    assert not Outbox.objects.filter(recipient=consumer, medium=Medium.SMS, topic="reply").exists()
