"""Whose turn it is and how long they have (tousu.sla.turns), and the consumer's reminder
before their own window closes (TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS)."""

import time_machine
from django.utils import translation

from tests.sla.sla_helpers import at, file_at, live, step, sweep_at
from tousu.adjudication import decisions, negotiation
from tousu.complaints.choices import Channel
from tousu.notify.models import Outbox
from tousu.notify.topics import render
from tousu.sla.models import Clock
from tousu.sla.turns import turn

OFFERED_AT = at(2025, 11, 11, 10)  # the intervention window (7cd) closes Wed 19 Nov 00:00


def offered(consumer, order, agent, merchant_staff):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10))
    with time_machine.travel(OFFERED_AT, tick=False):
        negotiation.respond(
            complaint,
            merchant_staff,
            negotiation.Reply(
                "offer", remedy="partial_refund", amount_fen=3000, reason="只能部分退款"
            ),
            channel=Channel.WEB,
        )
    complaint.refresh_from_db()
    return complaint


def test_after_an_offer_it_is_the_consumers_turn_in_the_second_person(
    consumer, order, agent, merchant_staff
):
    complaint = offered(consumer, order, agent, merchant_staff)
    now = at(2025, 11, 12, 0, 30)
    with translation.override("en"):
        mine = turn(complaint, "consumer", now)
        theirs = turn(complaint, "merchant", now)
    assert mine.status_label == "Waiting for you to answer the merchant's offer"
    assert (mine.actors, mine.actors_label, mine.yours) == (("consumer",), "You", True)
    assert mine.clock == Clock.INTERVENTION_WINDOW and mine.due_at == at(2025, 11, 19, 0, 0)
    assert (
        mine.time_left == "6 days 23 hours left"
        and mine.due_local == "by 2025-11-19 00:00 (Beijing time)"
    )
    assert (theirs.status_label, theirs.actors_label, theirs.yours) == (
        "Merchant offered an alternative",
        "The consumer",
        False,
    )
    with translation.override("zh-hans"):
        zh = turn(complaint, "consumer", now)
    assert zh.status_label == "等待您答复商家的方案" and zh.actors_label == "您"
    assert (
        zh.time_left == "还剩 6 天 23 小时" and zh.due_local == "截止 2025-11-19 00:00（北京时间）"
    )


def test_overdue_and_the_merchants_turn(consumer, order, agent):
    complaint = file_at(consumer, at(2025, 11, 10, 9), order)
    step(
        complaint, agent, "forward_to_merchant", at(2025, 11, 10, 10)
    )  # answer due Wed 12 Nov 10:00
    with translation.override("en"):
        late = turn(complaint, "merchant", at(2025, 11, 12, 12, 0))
        consumer_view = turn(complaint, "consumer", at(2025, 11, 12, 9, 20))
    assert late.status_label == "Waiting for your answer" and late.overdue
    assert late.time_left == "overdue by 2 hours"
    assert (
        consumer_view.actors_label == "The merchant"
        and consumer_view.time_left == "40 minutes left"
    )


def test_evidence_asked_of_both(consumer, agent, merchant_staff):
    complaint = file_at(consumer, at(2025, 11, 10, 9))
    step(complaint, agent, "intervene", at(2025, 11, 10, 10))
    with time_machine.travel(at(2025, 11, 10, 11), tick=False):
        decisions.request_evidence(complaint, agent, "both", "请双方补充")
    complaint.refresh_from_db()
    with translation.override("en"):
        mine = turn(complaint, "consumer", at(2025, 11, 10, 11))
        shop = turn(complaint, "merchant", at(2025, 11, 10, 11))
        desk = turn(complaint, "platform", at(2025, 11, 10, 11))
    assert (mine.status_label, mine.actors_label, mine.time_left) == (
        "Waiting for your evidence",
        "You and the merchant",
        "3 days 13 hours left",
    )  # to 14 Nov 00:00
    assert (shop.status_label, shop.actors_label) == (
        "Waiting for your evidence",
        "You and the consumer",
    )
    assert (desk.status_label, desk.actors_label, desk.yours) == (
        "Waiting for evidence",
        "The consumer and the merchant",
        False,
    )


def test_no_turn_once_finished(consumer, complaint):
    step(complaint, consumer, "withdraw", at(2025, 11, 10, 10))
    assert turn(complaint, "consumer") is None


def window_reminders(consumer):
    return list(
        Outbox.objects.filter(recipient=consumer, topic="window_closing").values_list(
            "medium", flat=True
        )
    )


def test_the_consumer_is_reminded_before_their_window_closes(
    consumer, order, agent, merchant_staff, supervisor
):
    complaint = offered(consumer, order, agent, merchant_staff)
    assert live(complaint, Clock.INTERVENTION_WINDOW).remind_at == at(
        2025, 11, 18, 0, 0
    )  # 24 h before
    sweep_at(at(2025, 11, 17, 23, 59))
    assert window_reminders(consumer) == []
    sweep_at(at(2025, 11, 18, 0, 0))
    sweep_at(at(2025, 11, 18, 0, 5))
    assert sorted(window_reminders(consumer)) == ["inbox", "sms"]  # once, by inbox and SMS
    assert not Outbox.objects.filter(recipient=supervisor, topic="sla_reminder").exists()
    row = Outbox.objects.get(recipient=consumer, topic="window_closing", medium="inbox")
    with time_machine.travel(at(2025, 11, 18, 0, 0), tick=False), translation.override("zh-hans"):
        title, body = render(row.topic, row.context)
    assert complaint.number in title
    assert "截止 2025-11-19 00:00（北京时间）" in body and "还剩 1 天" in body


def test_the_reminder_lead_is_a_setting_and_zero_turns_it_off(
    consumer, order, agent, merchant_staff, settings
):
    settings.TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS = 0
    complaint = offered(consumer, order, agent, merchant_staff)
    assert live(complaint, Clock.INTERVENTION_WINDOW).remind_at is None


def test_evidence_asked_of_the_merchant_only_does_not_remind_the_consumer(
    consumer, agent, merchant_staff, settings
):
    settings.TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS = 48
    complaint = file_at(consumer, at(2025, 11, 10, 9))
    step(complaint, agent, "intervene", at(2025, 11, 10, 10))
    with time_machine.travel(at(2025, 11, 10, 11), tick=False):
        decisions.request_evidence(complaint, agent, "merchant", "请提供发货记录")
    assert live(complaint, Clock.EVIDENCE).remind_at == at(
        2025, 11, 12, 0, 0
    )  # due 14 Nov 00:00, 48 h before
    sweep_at(at(2025, 11, 12, 0, 0))
    assert window_reminders(consumer) == []
