"""Scorecards and the shop ranking come from the same rollups and agree: the on-time reply
rate is over the same complaints as the reply rate, so it never exceeds it."""

from __future__ import annotations

from datetime import date, datetime, time

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.analytics.conftest import at, populate
from tests.portal.conftest import client_for
from tousu.analytics import rollup
from tousu.analytics.figures import Filters, tables
from tousu.merchant_center import scorecard
from tousu.merchants.models import Merchant

PERIOD = Filters(date(2026, 10, 1), date(2026, 11, 30))


def test_on_time_never_exceeds_replied_and_the_cards_match_the_ranking(world, settled):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
    ranking = {row["shop"]: row for row in tables(PERIOD)["shops_ranking"].rows}
    assert ranking, "the world has shops with complaints"
    for row in ranking.values():
        assert row["on_time_rate"] <= row["reply_rate"]
    start = timezone.make_aware(datetime.combine(PERIOD.start, time()))
    end = timezone.make_aware(datetime.combine(PERIOD.end, time()))
    cards = {card.merchant_id: card for card in scorecard.cards(Merchant.objects.all(), start, end)}
    for shop, row in ranking.items():
        card = cards[shop]
        assert card.replied_on_time <= card.replied
        assert (
            card.complaints,
            card.reply_rate,
            card.on_time_rate,
            card.completion_rate,
            card.satisfaction,
        ) == (
            row["valid"],
            row["reply_rate"],
            row["on_time_rate"],
            row["completion_rate"],
            row["satisfaction"],
        )
    # The other shop: one of its two complaints answered (on time), the other left to the
    # merchant_response clock, which ran out: 50% replied, 50% on time, not 100%.
    other = cards[world.other_shop.pk]
    assert (other.complaints, other.reply_rate, other.on_time_rate) == (2, 50, 50)
    # The shop: k5 was not admissible and is not a valid complaint.
    assert cards[world.shop.pk].complaints == 4


def test_the_scorecard_pages_show_the_rollups(world, settled, merchant_staff, supervisor, consumer):
    populate(world)
    with time_machine.travel(at(2026, 11, 10, 12), tick=False):
        rollup.rebuild()
        mine = client_for(merchant_staff).get(reverse("merchant_center:scorecard") + "?period=90d")
        board = client_for(supervisor).get(
            reverse("merchant_center:all_scorecards") + "?period=90d"
        )
        refused = client_for(consumer).get(reverse("merchant_center:all_scorecards"))
    html = mine.content.decode()
    assert "优品数码" in html and "别家店" not in html
    assert "figures as of 2026-11-10 12:00" in html
    assert "2026-08-13 – 2026-11-10" in html
    assert "别家店" in board.content.decode() and "50.0%" in board.content.decode()
    assert refused.status_code == 404
