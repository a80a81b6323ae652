"""The permission module's questions, answered for every role and a few role × complaint pairs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.complaints import access, actions
from tousu.complaints.choices import Channel
from tousu.complaints.context_processors import Answers
from tousu.complaints.workflow import Status

# Who answers yes to each user-level question (None: an anonymous visitor).
YES = {
    "is_platform_staff": {"agent", "supervisor", "admin"},
    "is_consumer": {"consumer"},
    "is_merchant_staff": {"merchant"},
    "may_use_desk": {"agent", "supervisor", "admin"},
    "may_supervise": {"supervisor", "admin"},
    "may_use_merchant_center": {"merchant"},
    "may_use_portal": {"consumer"},
    "may_use_complaint_pages": {"consumer", "merchant"},
    "may_file": {"consumer"},
    "may_import": {"admin"},
    "sees_internal": {"agent", "supervisor", "admin"},
}
ROLES = [None, *Role.values]


def test_the_module_lists_its_questions():
    assert set(access.QUESTIONS) == set(YES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_each_role_gets_its_answers(role):
    user = AnonymousUser() if role is None else make_user(f"u-{role}", role)
    answers = {name: question(user) for name, question in access.QUESTIONS.items()}
    assert answers == {name: role in roles for name, roles in YES.items()}
    may = Answers(user)  # what templates read as {{ may.use_desk }} …
    assert may["use_desk"] is answers["may_use_desk"]
    assert may["supervise"] is answers["may_supervise"]
    assert may["is_consumer"] is answers["is_consumer"]
    with pytest.raises(KeyError):
        may["role"]


@pytest.fixture
def cast(consumer, outsider, merchant_staff, other_merchant_staff, agent, supervisor):
    return {
        "consumer": consumer,
        "outsider": outsider,
        "merchant": merchant_staff,
        "rival": other_merchant_staff,
        "agent": agent,
        "supervisor": supervisor,
    }


def test_role_on_a_complaint(cast, complaint):
    roles = {name: access.role_on(user, complaint) for name, user in cast.items()}
    assert roles == {
        "consumer": "consumer",
        "outsider": None,
        "merchant": "merchant",
        "rival": None,
        "agent": "agent",
        "supervisor": "supervisor",
    }
    assert access.role_on(None, complaint) == "system"
    assert access.is_consumer_of(cast["consumer"], complaint)
    assert not access.is_consumer_of(cast["agent"], complaint)
    assert access.is_merchant_of(cast["merchant"], complaint)
    assert not access.is_merchant_of(cast["rival"], complaint)


def test_steps_follow_the_state_machine(cast, complaint):
    assert complaint.status == Status.ACKNOWLEDGED
    may = {name: access.may_take(user, complaint, "withdraw") for name, user in cast.items()}
    assert may == {n: n == "consumer" for n in cast}
    forward = {n: access.may_take(u, complaint, "forward_to_merchant") for n, u in cast.items()}
    assert forward == {n: n in ("agent", "supervisor") for n in cast}
    # The merchant's answer is theirs, but not before the complaint reaches them.
    assert not access.may_take(cast["merchant"], complaint, "merchant_agree")
    actions.transition(complaint, cast["agent"], "forward_to_merchant", channel=Channel.DESK)
    complaint.refresh_from_db()
    part = access.part_in(cast["merchant"], complaint)
    assert part.is_merchant and part.may_take("merchant_agree") and part.plays("confirm_return")
    assert not access.may_take(cast["rival"], complaint, "merchant_agree")
    assert [t.name for t in access.part_in(cast["outsider"], complaint).buttons()] == []
    assert "withdraw" in [t.name for t in access.part_in(cast["consumer"], complaint).buttons()]


def test_rows_each_may_see(cast, complaint, order, outsider_order):
    seen = {name: list(access.complaints_for(user)) for name, user in cast.items()}
    assert seen == {
        "consumer": [complaint],
        "outsider": [],
        "merchant": [complaint],
        "rival": [],
        "agent": [complaint],
        "supervisor": [complaint],
    }
    assert list(access.complaints_for(AnonymousUser())) == []
    assert list(access.orders_for(cast["consumer"])) == [order]
    assert list(access.orders_for(cast["outsider"])) == [outsider_order]
    assert not access.orders_for(cast["agent"]).exists()
    assert not access.orders_for(cast["merchant"]).exists()
    actions.post_message(complaint, cast["agent"], "内部", channel=Channel.DESK, internal=True)
    internal = {
        n: access.timeline_for(u, complaint).filter(internal=True).exists() for n, u in cast.items()
    }
    assert internal == {n: n in ("agent", "supervisor") for n in cast}


def test_the_record_and_acting_for_a_consumer(cast, complaint):
    record = {n: access.may_download_record(u, complaint) for n, u in cast.items()}
    assert record == {n: n in ("consumer", "agent", "supervisor") for n in cast}
    consumer = cast["consumer"]
    acting = {n: access.may_act_for(u, consumer.pk) for n, u in cast.items()}
    assert acting == {n: n in ("consumer", "agent", "supervisor") for n in cast}
