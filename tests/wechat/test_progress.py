"""进度 in WeChat: the consumer's status in the second person, who must act and the time left."""

import pytest
import time_machine

from tests.sla.sla_helpers import at
from tests.sla.test_turns import offered
from tousu.channels.wechat.models import Binding
from tousu.complaints import actions
from tousu.complaints.choices import Channel

pytestmark = pytest.mark.django_db
OPENID = "oWx5Ht8mB2zJ3Lq4cZ0vK9aP1sRd"


def test_progress_after_an_offer_shows_your_turn_and_time_left(
    wire, consumer, order, agent, merchant_staff
):
    complaint = offered(consumer, order, agent, merchant_staff)
    Binding.objects.create(openid=OPENID, user=consumer)
    with time_machine.travel(at(2025, 11, 12, 0, 30), tick=False):
        reply = wire.say(OPENID, "进度")
    assert (
        f"{complaint.number} · Waiting for you to answer the merchant's offer · 优品数码" in reply
    )
    assert "To act: You · 6 days 23 hours left · by 2025-11-19 00:00 (Beijing time)" in reply


def test_progress_of_a_finished_complaint_has_no_deadline_line(wire, consumer, complaint):
    Binding.objects.create(openid=OPENID, user=consumer)
    actions.transition(complaint, consumer, "withdraw", channel=Channel.WEB)
    reply = wire.say(OPENID, "进度")
    assert complaint.number in reply and "To act" not in reply and "left" not in reply
