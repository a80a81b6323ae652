"""WeChat past the account's filing limit, and the SMS codes' hourly and daily limits."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import draft
from tests.wechat.test_dialogue import OPENID, Sms, number_of
from tousu.channels.wechat.models import Binding, BindingCode, Conversation, State
from tousu.complaints import actions, filing
from tousu.complaints.choices import Category, Channel, Demand
from tousu.complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def start():
    return (timezone.now() + timedelta(hours=2)).replace(second=0, microsecond=0)


@pytest.fixture
def bound(consumer):
    Binding.objects.create(openid=OPENID, user=consumer)
    return consumer


def say(wire, at, text="", action="text"):
    with time_machine.travel(at, tick=False):
        return wire.say(OPENID, text, action)


def file_in_app(consumer, at, text):
    with time_machine.travel(at, tick=False):
        filing.file_complaint(consumer, draft(description=text), channel=Channel.APP)


def draft_until_photos(wire, at):
    if "file a new complaint anyway" in say(wire, at, "1"):  # the order; one is open on it
        say(wire, at, "2")
    say(wire, at, "耳机左耳没有声音，换了手机也一样。")
    say(wire, at, number_of(Category.QUALITY, Category.choices))
    say(wire, at, number_of(Demand.RETURN_REFUND, Demand.choices))
    assert "photos" in say(wire, at, "全额")


def test_at_the_limit_complain_is_refused_at_once_with_the_time(
    wire, bound, order, settings, start
):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 1
    file_in_app(bound, start - timedelta(minutes=20), "在 App 里提交的")
    reply = say(wire, start, "投诉")
    when = timezone.localtime(start + timedelta(minutes=40)).strftime("%Y-%m-%d %H:%M")
    assert "in the past hour" in reply and when in reply
    assert Conversation.objects.get(openid=OPENID).state == State.IDLE
    assert Complaint.objects.count() == 1
    assert "Which order" in say(wire, start + timedelta(minutes=40), "投诉")  # the hour has passed


def test_refused_at_submit_the_answers_wait_then_go_through(wire, bound, order, settings, start):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 2
    file_in_app(bound, start - timedelta(minutes=50), "第一件")
    assert "Which order" in say(wire, start, "投诉")
    draft_until_photos(wire, start)
    file_in_app(bound, start + timedelta(minutes=1), "同时在 App 里提交的")
    refused = say(wire, start + timedelta(minutes=2), "提交")
    when = timezone.localtime(start + timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M")
    assert when in refused and "answers are kept" in refused
    assert Conversation.objects.get(openid=OPENID).state == State.PHOTOS
    assert Complaint.objects.count() == 2
    done = say(wire, start + timedelta(minutes=10), "提交")
    filed = Complaint.objects.get(channel=Channel.WECHAT)
    assert filed.number in done and filed.description == "耳机左耳没有声音，换了手机也一样。"


def test_refused_at_submit_for_longer_than_a_draft_lives_starts_over(
    wire, bound, order, settings, start
):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 1
    say(wire, start, "投诉")
    draft_until_photos(wire, start)
    file_in_app(bound, start + timedelta(minutes=1), "同时在 App 里提交的")
    refused = say(wire, start + timedelta(minutes=2), "提交")
    assert "in the past hour" in refused and "start again" in refused
    assert Conversation.objects.get(openid=OPENID).state == State.IDLE
    assert not Complaint.objects.filter(channel=Channel.WECHAT).exists()


# --- SMS codes for binding ---------------------------------------------------------------------


@pytest.fixture
def sms(monkeypatch):
    box = Sms()
    monkeypatch.setattr("tousu.channels.wechat.binding.sms_provider", lambda: box)
    return box


def test_sms_codes_per_hour_and_per_day(wire, sms, consumer, settings, start):
    settings.TOUSU_WECHAT_CODES_PER_HOUR = 3
    settings.TOUSU_WECHAT_CODES_PER_DAY = 4
    say(wire, start, "投诉")
    for minute in range(3):
        assert "6-digit code" in say(wire, start + timedelta(minutes=minute), "13812341234")
    refused = say(wire, start + timedelta(minutes=10), "13812341234")
    when = timezone.localtime(start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    assert "Too many codes" in refused and when in refused
    say(wire, start + timedelta(hours=1), "投诉")  # the conversation was idle meanwhile
    assert "6-digit code" in say(wire, start + timedelta(hours=1), "13812341234")
    say(wire, start + timedelta(hours=2), "投诉")
    refused = say(wire, start + timedelta(hours=2), "13812341234")  # the day's fourth is spent
    when = timezone.localtime(start + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    assert "Too many codes" in refused and when in refused
    assert len(sms.sent) == 4 and BindingCode.objects.count() == 4


def test_sms_codes_are_limited_per_phone_number_whoever_asks(wire, sms, consumer, settings, start):
    settings.TOUSU_WECHAT_CODES_PER_HOUR = 2
    for n, openid in enumerate(["o-first", "o-second", "o-third"]):
        with time_machine.travel(start + timedelta(minutes=n), tick=False):
            wire.say(openid, "投诉")
            reply = wire.say(openid, "13812341234")
        assert ("Too many codes" in reply) == (n == 2)
    assert len(sms.sent) == 2
