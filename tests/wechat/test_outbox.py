"""Outgoing: agents' replies reach WeChat complainants; token caching; retries; photo jobs."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import draft
from tousu.channels.wechat.client import Client, WeChatApiError
from tousu.channels.wechat.jobs import queue_photos
from tousu.channels.wechat.models import AccessToken, Binding, Conversation
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Evidence
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Medium, Outbox, OutboxState, UndeliveredReason

pytestmark = pytest.mark.django_db
OPENID = "oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd"


@pytest.fixture
def wechat_complaint(consumer, order):
    Binding.objects.create(openid=OPENID, user=consumer)
    Conversation.objects.create(openid=OPENID, last_inbound_at=timezone.now())
    filed, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WECHAT)
    Outbox.objects.all().delete()  # the acknowledgement notices are not what we test here
    return filed


def test_agent_reply_on_a_wechat_complaint_becomes_a_customer_service_message(
    wechat_complaint, agent, wechat_api
):
    actions.post_message(
        wechat_complaint, agent, "您好，已联系商家，请耐心等待。", channel=Channel.DESK
    )
    row = Outbox.objects.get(medium=Medium.WECHAT)
    assert row.topic == "reply" and row.recipient == wechat_complaint.consumer
    deliver_due()
    row.refresh_from_db()
    assert row.state == OutboxState.SENT
    [payload] = wechat_api.sent("/cgi-bin/message/custom/send")
    assert payload["touser"] == OPENID and payload["msgtype"] == "text"
    assert "您好，已联系商家" in payload["text"]["content"]


def test_only_agents_public_replies_go_to_wechat(wechat_complaint, agent, merchant_staff):
    actions.post_message(wechat_complaint, merchant_staff, "商家的回复", channel=Channel.WEB)
    actions.post_message(wechat_complaint, agent, "内部备注", channel=Channel.DESK, internal=True)
    assert not Outbox.objects.filter(medium=Medium.WECHAT).exists()


def test_after_48_hours_a_template_message_is_sent(wechat_complaint, agent, wechat_api, settings):
    settings.TOUSU_WECHAT_TEMPLATE_ID = "TPL-complaint-update"
    Conversation.objects.filter(openid=OPENID).update(
        last_inbound_at=timezone.now() - timedelta(hours=49)
    )
    actions.post_message(wechat_complaint, agent, "处理结果已出", channel=Channel.DESK)
    deliver_due()
    assert wechat_api.sent("/cgi-bin/message/custom/send") == []
    [payload] = wechat_api.sent("/cgi-bin/message/template/send")
    assert payload["template_id"] == "TPL-complaint-update" and payload["touser"] == OPENID
    row = Outbox.objects.get(medium=Medium.WECHAT)
    assert payload["data"] == {
        "character_string1": {"value": wechat_complaint.number},
        "thing2": {"value": f"New message on complaint {wechat_complaint.number}"[:19] + "…"},
        "time3": {"value": timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M")},
    }
    assert payload["client_msg_id"] == f"outbox-{row.pk}"  # WeChat drops a second send


def test_unfollowed_or_unconfigured_is_undeliverable_and_not_retried(
    wechat_complaint, agent, wechat_api, settings
):
    actions.post_message(wechat_complaint, agent, "一", channel=Channel.DESK)
    Conversation.objects.filter(openid=OPENID).update(subscribed=False)  # before the worker ran
    deliver_due()
    assert wechat_api.calls == []
    row = Outbox.objects.get(medium=Medium.WECHAT)
    assert row.state == OutboxState.UNDELIVERABLE and row.sent_at is None
    assert row.undelivered_reason == UndeliveredReason.UNFOLLOWED
    Conversation.objects.filter(openid=OPENID).update(subscribed=True)
    settings.TOUSU_WECHAT_SECRET = ""
    actions.post_message(wechat_complaint, agent, "二", channel=Channel.DESK)
    deliver_due()
    assert wechat_api.calls == []
    row = Outbox.objects.filter(medium=Medium.WECHAT).latest("id")
    assert row.undelivered_reason == UndeliveredReason.NOT_CONFIGURED
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        deliver_due()
    assert wechat_api.calls == []
    assert set(Outbox.objects.filter(medium=Medium.WECHAT).values_list("state", flat=True)) == {
        OutboxState.UNDELIVERABLE
    }


def test_no_binding_or_a_closed_window_without_template_is_undeliverable(
    wechat_complaint, agent, wechat_api
):
    Conversation.objects.filter(openid=OPENID).update(
        last_inbound_at=timezone.now() - timedelta(hours=49)
    )
    actions.post_message(wechat_complaint, agent, "一", channel=Channel.DESK)
    deliver_due()
    actions.post_message(wechat_complaint, agent, "二", channel=Channel.DESK)
    Binding.objects.all().delete()  # before the worker ran
    deliver_due()
    assert wechat_api.calls == []
    reasons = list(
        Outbox.objects.filter(medium=Medium.WECHAT)
        .order_by("id")
        .values_list("state", "undelivered_reason")
    )
    assert reasons == [
        (OutboxState.UNDELIVERABLE, UndeliveredReason.WINDOW_CLOSED),
        (OutboxState.UNDELIVERABLE, UndeliveredReason.NO_ADDRESS),
    ]


@pytest.mark.parametrize(
    "errcode, errmsg, reason",
    [
        (45015, "response out of time limit", UndeliveredReason.WINDOW_CLOSED),
        (45047, "out of response count limit", UndeliveredReason.MESSAGE_LIMIT),
        (43004, "require subscribe", UndeliveredReason.UNFOLLOWED),
        (40003, "invalid openid", UndeliveredReason.INVALID_RECIPIENT),
        (43019, "require remove blacklist", UndeliveredReason.BLOCKED),
        (48001, "api unauthorized", UndeliveredReason.REFUSED),
    ],
)
def test_a_permanent_wechat_error_is_undeliverable_at_once(
    wechat_complaint, agent, wechat_api, errcode, errmsg, reason
):
    wechat_api.fail_next = [{"errcode": errcode, "errmsg": errmsg}]
    actions.post_message(wechat_complaint, agent, "您好", channel=Channel.DESK)
    deliver_due()
    row = Outbox.objects.get(medium=Medium.WECHAT)
    assert (row.state, row.undelivered_reason, row.attempts) == (
        OutboxState.UNDELIVERABLE,
        reason,
        1,
    )
    assert str(errcode) in row.last_error and row.sent_at is None
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        deliver_due()  # never retried
    assert len(wechat_api.sent("/cgi-bin/message/custom/send")) == 1


@pytest.mark.parametrize("errcode", [-1, 45009])
def test_busy_or_over_quota_is_retried_not_undeliverable(
    wechat_complaint, agent, wechat_api, errcode
):
    wechat_api.fail_next = [{"errcode": errcode, "errmsg": "busy"}]
    actions.post_message(wechat_complaint, agent, "请稍候", channel=Channel.DESK)
    deliver_due()
    row = Outbox.objects.get(medium=Medium.WECHAT)
    assert row.state == OutboxState.PENDING and row.undelivered_reason == ""


def test_when_wechat_says_the_window_closed_the_template_goes_instead(
    wechat_complaint, agent, wechat_api, settings
):
    settings.TOUSU_WECHAT_TEMPLATE_ID = "TPL-complaint-update"
    wechat_api.fail_next = [{"errcode": 45015, "errmsg": "response out of time limit"}]
    actions.post_message(wechat_complaint, agent, "处理结果已出", channel=Channel.DESK)
    deliver_due()
    assert Outbox.objects.get(medium=Medium.WECHAT).state == OutboxState.SENT
    [template] = wechat_api.sent("/cgi-bin/message/template/send")
    assert template["touser"] == OPENID


def test_agents_see_an_undelivered_reply_on_the_workbench(
    wechat_complaint, agent, wechat_api, client, chinese_default
):
    wechat_api.fail_next = [{"errcode": 45015, "errmsg": "response out of time limit"}]
    actions.post_message(wechat_complaint, agent, "请补充照片", channel=Channel.DESK)
    client.force_login(agent)
    page = client.get(reverse("desk:detail", args=[wechat_complaint.number])).content.decode()
    assert "未送达" not in page  # not known yet: the worker has not tried
    deliver_due()
    page = client.get(reverse("desk:detail", args=[wechat_complaint.number])).content.decode()
    assert "微信消息未送达：用户超过48小时未互动" in page
    assert wechat_complaint.number in page.split("data-undelivered")[1].split("</section>")[0]


def test_api_error_is_retried_by_the_outbox(wechat_complaint, agent, wechat_api):
    wechat_api.fail_next = [{"errcode": -1, "errmsg": "system error"}]
    actions.post_message(wechat_complaint, agent, "请稍候", channel=Channel.DESK)
    deliver_due()
    row = Outbox.objects.get(medium=Medium.WECHAT)
    assert (
        row.state == OutboxState.PENDING and row.attempts == 1 and "system error" in row.last_error
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        deliver_due()
    row.refresh_from_db()
    assert row.state == OutboxState.SENT


def test_access_token_is_cached_and_refreshed_when_wechat_rejects_it(wechat_api):
    client = Client("wx1234567890abcdef", "s", transport=wechat_api)
    client.send_text(OPENID, "一")
    client.send_text(OPENID, "二")
    assert [c[1] for c in wechat_api.calls].count("/cgi-bin/token") == 1
    wechat_api.fail_next = [{"errcode": 40001, "errmsg": "invalid credential"}]
    client.send_text(OPENID, "三")
    tokens = [
        c[2]["access_token"] for c in wechat_api.calls if c[1] == "/cgi-bin/message/custom/send"
    ]
    assert tokens == [
        "TOKEN-1",
        "TOKEN-1",
        "TOKEN-1",
        "TOKEN-2",
    ]  # the rejected call, then a new token
    assert AccessToken.objects.get().token == "TOKEN-2"
    with time_machine.travel(timezone.now() + timedelta(seconds=7200)):
        client.access_token()
    assert AccessToken.objects.get().token == "TOKEN-3"


def test_other_api_errors_raise(wechat_api):
    wechat_api.fail_next = [{"errcode": 45015, "errmsg": "response out of time limit"}]
    with pytest.raises(WeChatApiError) as error:
        Client("wx1", "s", transport=wechat_api).send_text(OPENID, "一")
    assert error.value.errcode == 45015


def test_photo_job_stores_evidence_once_and_drops_expired_media(
    wechat_complaint, consumer, wechat_api
):
    queue_photos(wechat_complaint, consumer, ["MEDIA-1", "MEDIA-1-copy"])
    queue_photos(wechat_complaint, consumer, ["MEDIA-1"])  # queued twice: one job
    assert Outbox.objects.filter(topic="wechat_media").count() == 2
    deliver_due()
    assert (
        Evidence.objects.filter(complaint=wechat_complaint).count() == 1
    )  # same bytes: one evidence
    wechat_api.fail_next = [{"errcode": 40007, "errmsg": "invalid media_id"}]
    queue_photos(wechat_complaint, consumer, ["EXPIRED"])
    deliver_due()
    assert Outbox.objects.get(context__media_id="EXPIRED").state == OutboxState.SENT
    assert Evidence.objects.count() == 1


def test_photo_that_is_not_a_picture_is_not_stored(wechat_complaint, consumer, wechat_api):
    wechat_api.media = b"MZ\x90\x00 not a picture"
    queue_photos(wechat_complaint, consumer, ["EXE"])
    deliver_due()
    assert not Evidence.objects.exists()


def test_audio_from_wechat_is_not_stored(wechat_complaint, consumer, wechat_api, caplog):
    wechat_api.media = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(64))
    queue_photos(wechat_complaint, consumer, ["VOICE-1"])
    with caplog.at_level("WARNING", logger="tousu.wechat"):
        deliver_due()
    assert not Evidence.objects.exists()
    assert "“wechat-VOICE-1” is an audio recording" in caplog.text
