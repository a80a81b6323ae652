"""待我处理: every complaint with a running merchant deadline, platform evidence requests
included (only those that asked the merchant), soonest deadline first, with the time left."""

import time_machine

from tests.sla.sla_helpers import at, file_at, step
from tousu.adjudication import decisions
from tousu.complaints.choices import Channel

LIST = "/merchant/center/"


def asked(consumer, order, agent, party, moment):
    complaint = file_at(consumer, moment, order)
    step(complaint, agent, "intervene", moment.replace(minute=10))
    with time_machine.travel(moment.replace(minute=20), tick=False):
        decisions.request_evidence(complaint, agent, party, "请补充", channel=Channel.DESK)
    return complaint


def rows(html, *numbers):
    return sorted(numbers, key=html.index)


def test_evidence_requests_to_the_merchant_are_listed_with_their_deadline(
    as_merchant, consumer, order, agent
):
    to_me = asked(
        consumer, order, agent, "merchant", at(2025, 11, 10, 9)
    )  # evidence due 14 Nov 00:00
    to_both = asked(consumer, order, agent, "both", at(2025, 11, 11, 9))  # due 15 Nov 00:00
    to_consumer = asked(consumer, order, agent, "consumer", at(2025, 11, 10, 8))
    answer = file_at(consumer, at(2025, 11, 10, 9), order)
    step(answer, agent, "forward_to_merchant", at(2025, 11, 11, 20))  # answer due 13 Nov 20:00
    with time_machine.travel(at(2025, 11, 12, 0, 0), tick=False):
        html = as_merchant.get(LIST + "?show=todo").content.decode()
    assert to_consumer.number not in html
    assert rows(html, to_me.number, to_both.number, answer.number) == [
        answer.number,
        to_me.number,
        to_both.number,
    ]
    assert "1 day 20 hours left" in html  # the answer, due 13 Nov 20:00
    assert "2 days left" in html and "3 days left" in html  # the two evidence requests
    assert "Waiting for your evidence" in html and "Waiting for your answer" in html
    with time_machine.travel(at(2025, 11, 12, 0, 0), tick=False):
        everything = as_merchant.get(LIST + "?show=open").content.decode()
    assert to_consumer.number in everything and "Waiting for evidence" in everything


def test_the_evidence_deadline_is_the_merchants_only_when_asked(
    as_merchant, consumer, order, agent
):
    to_consumer = asked(consumer, order, agent, "consumer", at(2025, 11, 10, 8))
    with time_machine.travel(at(2025, 11, 12, 0, 0), tick=False):
        html = as_merchant.get(LIST + "?show=open").content.decode()
    assert to_consumer.number in html and "left" not in html


def test_list_with_evidence_requests_keeps_a_flat_query_count(
    as_merchant, consumer, order, agent, django_assert_max_num_queries
):
    asked(consumer, order, agent, "merchant", at(2025, 11, 10, 9))
    with django_assert_max_num_queries(10) as few:
        as_merchant.get(LIST)
    for hour in range(10, 16):
        asked(consumer, order, agent, "both", at(2025, 11, 10, hour))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert as_merchant.get(LIST).content.decode().count("Waiting for your evidence") == 7
