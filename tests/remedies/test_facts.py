"""Facts read from a complaint's order snapshot."""

from datetime import timedelta

from django.utils import timezone

from tests.conftest import draft
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.remedies import calculator as calc
from tousu.remedies.facts import facts_for


def test_facts_from_the_snapshot(complaint, order):
    facts = facts_for(complaint)
    assert facts.price_fen == order.amount_paid_fen and facts.category == "electronics"
    assert facts.received_on == timezone.localtime(order.received_at).date()
    assert facts.defect and not facts.fraud  # a quality complaint


def test_counterfeit_means_fraud_and_overrides_win(consumer, order):
    filed, _ = filing.file_complaint(
        consumer, draft(order.number, category="counterfeit"), channel=Channel.WEB
    )
    facts = facts_for(filed)
    assert facts.fraud
    assert calc.FRAUD_COMPENSATION in [r.code for r in calc.remedies(facts)]
    assert not facts_for(filed, fraud=False).fraud
    later = timezone.localdate() + timedelta(days=30)
    assert facts_for(filed, today=later).today == later


def test_no_order_no_facts(consumer):
    filed, _ = filing.file_complaint(
        consumer,
        draft("", kind="complaint", category="service", demand="apology", amount_fen=None),
        channel=Channel.WEB,
    )
    assert facts_for(filed) is None
