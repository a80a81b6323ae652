"""A photo acknowledged as received is kept, or the user is told it was not: never
acknowledged and then silently lost."""

import pytest

from tests.wechat.test_dialogue import OPENID, number_of
from tousu.channels.wechat.models import Binding, Conversation, State
from tousu.complaints.choices import Demand
from tousu.complaints.models import Complaint, Evidence
from tousu.notify.delivery import deliver_due
from tousu.notify.models import InboxMessage, Medium, Outbox, OutboxState

pytestmark = pytest.mark.django_db
NOT_ADDED = "could not be added to complaint"


@pytest.fixture
def bound(consumer):
    Binding.objects.create(openid=OPENID, user=consumer)
    return consumer


def filed_with_a_photo(wire) -> Complaint:
    wire.say(OPENID, "投诉")
    wire.say(OPENID, "1")
    wire.say(OPENID, "耳机左耳没有声音。")
    wire.say(OPENID, "1")
    wire.say(OPENID, number_of(Demand.EXCHANGE, Demand.choices))
    assert "Photo 1 received" in wire.say(OPENID, action="image")
    assert Conversation.objects.get().media_ids  # kept on the draft
    assert "1 photos are being added" in wire.say(OPENID, "提交")
    return Complaint.objects.get()


def told_on_wechat(wechat_api, complaint) -> list[str]:
    deliver_due()  # the notice queued by the failed photo job
    return [
        payload["text"]["content"]
        for payload in wechat_api.sent("/cgi-bin/message/custom/send")
        if NOT_ADDED in payload["text"]["content"]
        and complaint.number in payload["text"]["content"]
    ]


def test_a_photo_whose_download_fails_for_good_is_reported_to_the_user(
    wire, bound, order, wechat_api
):
    complaint = filed_with_a_photo(wire)
    wechat_api.fail_next = [{"errcode": 40007, "errmsg": "invalid media_id"}]
    deliver_due()
    assert not Evidence.objects.exists()
    job = Outbox.objects.get(topic="wechat_media")
    assert job.state == OutboxState.SENT  # nothing more to try
    assert len(told_on_wechat(wechat_api, complaint)) == 1
    inbox = InboxMessage.objects.get(user=bound, body__contains=NOT_ADDED)  # on the website too
    assert inbox.complaint == complaint and complaint.number in inbox.title


def test_a_photo_whose_last_try_fails_is_reported(wire, bound, order, wechat_api, settings):
    complaint = filed_with_a_photo(wire)
    settings.TOUSU_OUTBOX_MAX_ATTEMPTS = 1
    wechat_api.fail_next = [{"errcode": -1, "errmsg": "system busy"}]
    deliver_due()
    assert Outbox.objects.get(topic="wechat_media").state == OutboxState.DEAD
    assert len(told_on_wechat(wechat_api, complaint)) == 1


def test_a_failure_that_will_be_retried_is_not_reported_yet(wire, bound, order, wechat_api):
    filed_with_a_photo(wire)
    wechat_api.fail_next = [{"errcode": -1, "errmsg": "system busy"}]
    deliver_due()
    assert Outbox.objects.get(topic="wechat_media").state == OutboxState.PENDING
    assert not Outbox.objects.filter(topic="wechat_media_failed").exists()


def test_a_file_that_is_not_a_picture_is_reported(wire, bound, order, wechat_api):
    complaint = filed_with_a_photo(wire)
    wechat_api.media = b"MZ\x90\x00 not a picture"
    deliver_due()
    assert not Evidence.objects.exists()
    assert len(told_on_wechat(wechat_api, complaint)) == 1


def test_a_stored_photo_reports_nothing(wire, bound, order, wechat_api):
    complaint = filed_with_a_photo(wire)
    deliver_due()
    assert Evidence.objects.get().complaint == complaint
    assert told_on_wechat(wechat_api, complaint) == []


def test_a_photo_sent_to_an_agent_that_fails_is_reported(
    wire, bound, complaint, wechat_api, settings
):
    Outbox.objects.all().delete()
    assert "customer service" in wire.say(OPENID, "人工")
    assert "Photo received" in wire.say(OPENID, action="image")
    wechat_api.fail_next = [{"errcode": 40008, "errmsg": "invalid message type"}]
    deliver_due()
    notice = Outbox.objects.get(topic="wechat_media_failed", medium=Medium.WECHAT)
    assert notice.complaint == complaint and notice.recipient == bound


def test_without_api_credentials_a_photo_is_refused_at_once(wire, bound, order, settings):
    settings.TOUSU_WECHAT_SECRET = ""
    wire.say(OPENID, "投诉")
    wire.say(OPENID, "1")
    wire.say(OPENID, "耳机左耳没有声音。")
    wire.say(OPENID, "1")
    wire.say(OPENID, number_of(Demand.EXCHANGE, Demand.choices))
    reply = wire.say(OPENID, action="image")
    assert "Photo 1 received" not in reply and "cannot be received" in reply and "website" in reply
    assert Conversation.objects.get().media_ids == []
    assert "TS" in wire.say(OPENID, "提交")
    assert not Outbox.objects.filter(topic="wechat_media").exists()


def test_a_photo_without_a_media_id_is_not_acknowledged(wire, bound, order):
    wire.say(OPENID, "投诉")
    wire.say(OPENID, "1")
    wire.say(OPENID, "耳机左耳没有声音。")
    wire.say(OPENID, "1")
    wire.say(OPENID, number_of(Demand.EXCHANGE, Demand.choices))
    broken = (
        f"<xml><ToUserName>gh</ToUserName><FromUserName>{OPENID}</FromUserName>"
        "<CreateTime>1795700000</CreateTime><MsgType>image</MsgType><MsgId>77</MsgId></xml>"
    )
    assert "send it again" in wire.reply_text(wire.post(broken))
    assert Conversation.objects.get().state == State.PHOTOS
    assert Conversation.objects.get().media_ids == []
