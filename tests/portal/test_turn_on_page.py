"""The consumer's complaint page: the status in the second person, who must act, the time
left and the deadline in Beijing time; the merchant reads the same complaint in its own words."""

import time_machine
from django.conf import settings
from django.urls import reverse

from tests.portal.conftest import client_for
from tests.sla.sla_helpers import at, file_at, step
from tests.sla.test_turns import offered
from tousu.adjudication import decisions


def test_after_an_offer_the_consumer_sees_their_turn_and_the_time_left(
    consumer, order, agent, merchant_staff
):
    complaint = offered(consumer, order, agent, merchant_staff)
    with time_machine.travel(at(2025, 11, 12, 0, 30), tick=False):
        html = (
            client_for(consumer)
            .get(reverse("portal:complaint", args=[complaint.number]))
            .content.decode()
        )
        chinese = client_for(consumer)
        chinese.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"  # the language switch
        zh = chinese.get(reverse("portal:complaint", args=[complaint.number])).content.decode()
        shop = (
            client_for(merchant_staff)
            .get(reverse("merchant_center:complaint", args=[complaint.number]))
            .content.decode()
        )
    assert "Waiting for you to answer the merchant&#x27;s offer" in html
    assert 'class="turn yours"' in html and "Who must act</span> <strong>You</strong>" in html
    assert "6 days 23 hours left" in html and "by 2025-11-19 00:00 (Beijing time)" in html
    assert (
        "等待您答复商家的方案" in zh
        and "还剩 6 天 23 小时" in zh
        and "截止 2025-11-19 00:00（北京时间）" in zh
    )
    assert "Merchant offered an alternative" in shop and "<strong>The consumer</strong>" in shop
    assert 'class="turn yours"' not in shop


def test_overdue_is_marked_and_a_finished_complaint_shows_no_turn(consumer, complaint, agent):
    step(
        complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10)
    )  # merchant answer due 12 Nov 10:00
    url = reverse("portal:complaint", args=[complaint.number])
    with time_machine.travel(at(2025, 11, 12, 12, 0), tick=False):
        html = client_for(consumer).get(url).content.decode()
    assert (
        'class="turn overdue"' in html
        and "overdue by 2 hours" in html
        and "<strong>The merchant</strong>" in html
    )
    step(complaint, consumer, "withdraw", at(2025, 11, 12, 12, 5))
    assert 'id="turn"' not in client_for(consumer).get(url).content.decode()


def test_my_complaints_read_in_the_second_person_without_a_query_per_row(
    consumer, order, agent, merchant_staff, django_assert_max_num_queries
):
    offered(consumer, order, agent, merchant_staff)
    page = client_for(consumer)
    with django_assert_max_num_queries(12) as few:
        html = page.get(reverse("portal:my_complaints")).content.decode()
    assert "Waiting for you to answer the merchant&#x27;s offer" in html
    for hour in (10, 11, 12):
        complaint = file_at(consumer, at(2025, 11, 10, hour), order)
        step(complaint, agent, "intervene", at(2025, 11, 10, hour, 5))
        with time_machine.travel(at(2025, 11, 10, hour, 10), tick=False):
            decisions.request_evidence(
                complaint, agent, "consumer" if hour != 12 else "merchant", "请补充"
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page.get(reverse("portal:my_complaints")).content.decode()
    assert html.count("Waiting for your evidence") == 2 and html.count("Waiting for evidence<") == 1
