"""One consumer across the app account, the phone number and the WeChat openid."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.phone.conftest import CONSUMER_LINE, SECRET, Sender, consumer_line  # noqa: F401
from tousu.accounts import identity
from tousu.accounts.actions import create_phone_account
from tousu.channels.phone.models import Call, Callback
from tousu.channels.wechat import binding, dialogue
from tousu.channels.wechat.models import Binding
from tousu.channels.wechat.xml import Inbound
from tousu.complaints import actions, filing

OPENID = "oIdentityTest0000000000000001"
_ids = itertools.count(1)


class Sms:
    def __init__(self):
        self.sent = []

    def send(self, phone, template, params, message_id):
        self.sent.append((phone, template.fill(params)))

    def code(self):
        return re.search(r"(?<!\d)(\d{6})(?!\d)", self.sent[-1][1]).group(1)


@pytest.fixture
def sms(monkeypatch):
    box = Sms()
    monkeypatch.setattr("tousu.channels.wechat.binding.sms_provider", lambda: box)
    return box


def say(text: str) -> str:
    n = next(_ids)
    return dialogue.receive(
        Inbound(
            account="gh_test",
            openid=OPENID,
            create_time=1_700_000_000 + n,
            msg_type="text",
            content=text,
            msg_id=str(10_000 + n),
        )
    )


def test_wechat_binds_only_after_the_sms_code_and_to_the_account_with_that_number(
    sms, consumer, outsider
):
    assert binding.send_code(OPENID, binding.normalise_phone("+86 138 1234 1234")).ok
    assert sms.sent[0][0] == "+8613812341234"
    assert binding.verify(OPENID, "000000" if sms.code() != "000000" else "111111").user is None
    assert not Binding.objects.exists()
    assert binding.verify(OPENID, sms.code()).user == consumer
    assert Binding.objects.get(openid=OPENID).user == consumer
    assert identity.channels_of(consumer).wechat == 1


def test_a_phone_only_account_is_the_one_wechat_binds_to(sms, agent):
    caller = create_phone_account(agent, "139-0000-2222", "赵女士")
    assert create_phone_account(agent, "+8613900002222").pk == caller.pk  # one number, one identity
    binding.send_code(OPENID, binding.normalise_phone("13900002222"))
    assert binding.verify(OPENID, sms.code()).user == caller
    assert list(identity.consumers_with_phone("+8613900002222")) == [caller]


def test_only_staff_create_phone_accounts(consumer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create_phone_account(consumer, "13900003333")


def test_a_complaint_filed_on_wechat_continues_on_the_phone_and_on_the_web(
    sms, client, consumer, complaint, settings, consumer_line
):
    # complaint: filed on the web. The same person binds WeChat and writes there…
    binding.send_code(OPENID, binding.normalise_phone("13812341234"))
    binding.verify(OPENID, sms.code())
    assert "customer service" in say("人工")
    say("物流三天没动了")
    # …then calls the hotline: the call finds the same complaint.
    settings.TOUSU_TELEPHONY_SECRET = SECRET
    Sender(client).event("ringing", "c-7", **{"from": "13812341234", "to": CONSUMER_LINE})
    Sender(client).event("ended", "c-7", duration=60)
    assert Call.objects.get().complaint == complaint
    # …and asks for a callback on WeChat.
    assert "call you back" in say("回电")
    assert (
        Callback.objects.get().channel == "wechat" and Callback.objects.get().complaint == complaint
    )
    channels = [e.channel for e in complaint.events.all()]
    assert {"web", "wechat", "phone"} <= set(channels)
    client.force_login(consumer)
    html = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "WeChat official account" in html and "Phone hotline" in html and "Website" in html


def test_wechat_callback_before_binding_asks_for_the_number(sms, consumer):
    assert "mobile number" in say("回电")
    say("13812341234")
    reply = say(sms.code())
    assert "linked" in reply and "call you back at 138****1234" in reply
    assert Callback.objects.get().consumer == consumer


def test_follow_up_reaches_the_same_consumer_from_any_channel(consumer, complaint):
    for channel in ("app", "wechat", "phone"):
        result = filing.follow_up(complaint, consumer, f"来自 {channel}", channel=channel)
        assert result.complaint == complaint
    assert list(complaint.events.filter(kind="message").values_list("channel", flat=True)) == [
        "app",
        "wechat",
        "phone",
    ]
