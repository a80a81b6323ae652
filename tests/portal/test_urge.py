"""催一催 on the consumer's complaint page."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import draft
from tests.portal.conftest import client_for
from tests.steps import take
from tousu.complaints import access, actions, filing
from tousu.complaints.choices import Channel, EventKind


def urge_url(complaint):
    return reverse("portal:urge", args=[complaint.number])


def test_urge_lands_on_the_timeline_and_a_second_is_refused_with_the_time(as_consumer, complaint):
    start = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        response = as_consumer.post(urge_url(complaint))
        assert response.status_code == 302
        again = as_consumer.post(urge_url(complaint))
    assert again.status_code == 429
    next_allowed = timezone.localtime(start + timedelta(hours=24)).strftime("%Y-%m-%d %H:%M")
    assert next_allowed in again.content.decode()
    assert complaint.events.filter(kind=EventKind.URGED).count() == 1


def test_outsider_cannot_urge(as_outsider, complaint):
    assert as_outsider.post(urge_url(complaint)).status_code == 404
    complaint.refresh_from_db()
    assert complaint.urge_count == 0


def test_urge_button_shows_on_an_open_complaint(as_consumer, complaint):
    assert (
        urge_url(complaint)
        in as_consumer.get(reverse("portal:complaint", args=[complaint.number])).content.decode()
    )


def page(client, complaint) -> str:
    return client.get(reverse("portal:complaint", args=[complaint.number])).content.decode()


def test_inside_the_cooldown_the_page_shows_the_wait_not_a_live_button(as_consumer, complaint):
    start = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        as_consumer.post(urge_url(complaint))
    with time_machine.travel(start + timedelta(hours=20, minutes=30), tick=False):
        html = page(as_consumer, complaint)
    assert urge_url(complaint) not in html  # no form that would only be refused
    assert 'id="urge-wait"' in html and "You can urge again in 3 hours 30 minutes." in html
    with time_machine.travel(start + timedelta(hours=24), tick=False):
        html = page(as_consumer, complaint)
    assert urge_url(complaint) in html and 'id="urge-wait"' not in html


def test_the_wait_says_it_in_chinese(consumer, complaint):
    start = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    chinese = client_for(consumer)
    chinese.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"  # the language switch
    with time_machine.travel(start, tick=False):
        chinese.post(urge_url(complaint))
    with time_machine.travel(start + timedelta(hours=19), tick=False):
        assert "可在 5 小时后再催" in page(chinese, complaint)


@override_settings(TOUSU_URGE_LIMIT_PER_DAY=1)
def test_the_daily_limit_also_shows_as_a_wait(as_consumer, consumer, complaint, order):
    other, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    start = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        as_consumer.post(urge_url(other))
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        html = page(as_consumer, complaint)  # never urged itself, but the account is at its limit
    assert urge_url(complaint) not in html and "You can urge again in 22 hours." in html


def test_no_urge_card_when_the_consumer_must_act_or_it_is_finished(
    as_consumer, consumer, merchant_staff, agent, complaint
):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    take(complaint, merchant_staff, "merchant_reject")  # now the consumer's turn to answer
    assert 'id="urge"' not in page(as_consumer, complaint)
    take(complaint, consumer, "withdraw")
    assert 'id="urge"' not in page(as_consumer, complaint)


def test_the_merchant_page_has_no_urge_card(as_merchant, agent, complaint):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    html = as_merchant.get(reverse("merchant_center:complaint", args=[complaint.number]))
    assert 'id="urge"' not in html.content.decode()


def test_may_urge_is_the_consumers_own_open_complaint(
    consumer, outsider, merchant_staff, complaint
):
    assert access.may_urge(consumer, complaint)
    assert not access.may_urge(outsider, complaint) and not access.may_urge(
        merchant_staff, complaint
    )
    take(complaint, consumer, "withdraw")
    complaint.refresh_from_db()
    assert not access.may_urge(consumer, complaint)
