"""我的投诉 and the merchant center list: on each complaint, whose turn it is and, on the
consumer's list, the time left (as the complaint page's turn says it); the pause notice on
the agent's page names the party the clock waits for."""

import time_machine
from django.conf import settings
from django.urls import reverse

from tests.portal.conftest import client_for
from tests.sla.sla_helpers import at, file_at, step
from tests.sla.test_turns import offered
from tousu.adjudication import decisions
from tousu.complaints.choices import Channel
from tousu.sla import turns

MINE = reverse("portal:my_complaints")


def test_my_complaints_shows_whose_turn_and_the_time_left(consumer, order, agent, merchant_staff):
    mine = offered(consumer, order, agent, merchant_staff)  # the consumer must answer
    theirs = file_at(consumer, at(2025, 11, 10, 9), order)
    step(theirs, agent, "forward_to_merchant", at(2025, 11, 11, 20))  # the merchant must answer
    with time_machine.travel(at(2025, 11, 12, 0, 30), tick=False):
        html = client_for(consumer).get(MINE).content.decode()
        chinese = client_for(consumer)
        chinese.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
        zh = chinese.get(MINE).content.decode()
    row_mine = html[html.index(mine.number) :][:1500]
    row_theirs = html[html.index(theirs.number) :][:1500]
    assert "Who must act: <strong>You</strong>" in row_mine and "6 days 23 hours left" in row_mine
    assert "Who must act: <strong>The merchant</strong>" in row_theirs
    assert "1 day 19 hours left" in row_theirs
    assert "还剩 6 天 23 小时" in zh and "待处理方" in zh


def test_the_list_reads_deadlines_in_one_query_per_page(
    consumer, order, agent, django_assert_max_num_queries
):
    client = client_for(consumer)
    file_at(consumer, at(2025, 11, 10, 9), order)
    with django_assert_max_num_queries(30) as few:
        client.get(MINE)
    for hour in range(10, 16):
        complaint = file_at(consumer, at(2025, 11, 10, hour), order)
        step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, hour, 5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(MINE).content.decode().count("Who must act") == 7


def test_an_outsider_sees_none_of_it(outsider, consumer, order):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    assert complaint.number not in client_for(outsider).get(MINE).content.decode()


def test_the_merchant_list_says_whose_turn(as_merchant, consumer, order, agent, merchant_staff):
    offered(consumer, order, agent, merchant_staff)
    with time_machine.travel(at(2025, 11, 12, 0, 30), tick=False):
        html = as_merchant.get("/merchant/center/?show=open").content.decode()
    assert "Who must act: <strong>The consumer</strong>" in html


def test_pause_notice_names_the_party_asked(consumer, order, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(complaint, agent, "intervene", at(2025, 11, 10, 9, 10))
    with time_machine.travel(at(2025, 11, 10, 9, 20), tick=False):
        decisions.request_evidence(complaint, agent, "merchant", "请补充", channel=Channel.DESK)
    complaint.refresh_from_db()
    assert turns.pause_note(complaint, None) == "paused while waiting for the merchant"
    assert turns.pause_note(complaint, "merchant") == "paused while waiting for you"
    html = client_for(agent).get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert "waiting on the consumer" not in html and "ISO 10002" not in html
    assert complaint.deadlines.filter(state="paused").exists()  # the decision clock waits
    assert "paused while waiting for the merchant" in html


def test_pause_notice_for_the_consumer_and_both(consumer, order, agent):
    for party, said in (("consumer", "the consumer"), ("both", "both parties")):
        complaint = file_at(consumer, at(2025, 11, 10, 9), order)
        step(complaint, agent, "intervene", at(2025, 11, 10, 9, 10))
        with time_machine.travel(at(2025, 11, 10, 9, 20), tick=False):
            decisions.request_evidence(complaint, agent, party, "请补充", channel=Channel.DESK)
        complaint.refresh_from_db()
        assert turns.pause_note(complaint, None) == f"paused while waiting for {said}"
