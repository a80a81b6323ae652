"""Staff put a complaint in another category: their own action, on the staff-only timeline;
the parties cannot, and an unknown category is refused with the field named."""

from __future__ import annotations

import pytest

from tousu.complaints import access, actions
from tousu.complaints.choices import EventKind
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import ComplaintEvent
from tousu.complaints.timeline import entries


def test_staff_change_the_category_on_an_internal_entry(complaint, agent, consumer):
    assert complaint.category != "food_safety"
    old = complaint.category
    changed = actions.set_category(complaint, agent, "food_safety")
    complaint.refresh_from_db()
    assert changed.category == complaint.category == "food_safety"
    event = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.CATEGORY)
    assert (event.internal, event.actor, event.data) == (
        True,
        agent,
        {"from": old, "to": "food_safety"},
    )
    assert [e.summary for e in entries(complaint, [event], agent)] == [
        "Category set to Food safety"
    ]
    assert not access.timeline_for(consumer, complaint).filter(kind=EventKind.CATEGORY).exists()


def test_the_same_category_again_records_nothing(complaint, agent):
    actions.set_category(complaint, agent, complaint.category)
    assert not ComplaintEvent.objects.filter(kind=EventKind.CATEGORY).exists()


def test_parties_cannot_and_unknown_categories_are_refused(
    complaint, consumer, merchant_staff, agent
):
    for party in (consumer, merchant_staff):
        with pytest.raises(TransitionNotAllowed):
            actions.set_category(complaint, party, "food_safety")
    with pytest.raises(ValidationFailed) as refused:
        actions.set_category(complaint, agent, "no-such-category")
    assert "category" in refused.value.errors
    complaint.refresh_from_db()
    assert complaint.category != "food_safety"
