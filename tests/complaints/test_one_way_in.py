"""One way in per step: a structured step (data or side effects: answers, offers, decisions,
returns, refunds, confirmations) is refused by every generic path, for every role, from every
state it starts from — and nothing changes. Walks the whole transition table."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.complaints import actions, workflow
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint

STRUCTURED = [t for t in workflow.TRANSITIONS.values() if t.structured]
PLAIN = [t for t in workflow.TRANSITIONS.values() if not t.structured]
CASES = [(t.name, source) for t in STRUCTURED for source in sorted(t.sources)]
ROLES = ["consumer", "merchant_staff", "agent", "supervisor", "admin", "system", "outsider"]


def test_every_step_with_data_or_side_effects_is_structured():
    """The money path, decisions, returns and confirmations: none of them is a plain step."""
    must = {
        "merchant_agree",
        "merchant_offer",
        "merchant_reject",
        "accept_offer",
        "request_intervention",
        "request_evidence",
        "decide",
        "conclude",
        "start_fulfilment",
        "await_return",
        "return_shipped",
        "confirm_return",
        "fulfilled",
        "report_refund",
        "refund_received",
        "dispute_refund",
        "settle_refund",
        "confirm",
        "decline_outcome",
    }
    assert must == {t.name for t in STRUCTURED}


@pytest.fixture
def cast(consumer, merchant_staff, agent, supervisor, outsider):
    admin = make_user("root", Role.ADMIN)
    return {
        "consumer": consumer,
        "merchant_staff": merchant_staff,
        "agent": agent,
        "supervisor": supervisor,
        "admin": admin,
        "system": None,
        "outsider": outsider,
    }


def _put(complaint: Complaint, status: str) -> tuple[int, int]:
    """Test set-up only: place the complaint in ``status`` directly."""
    Complaint.objects.filter(pk=complaint.pk).update(status=status)
    complaint.refresh_from_db()
    return complaint.events.count(), complaint.refunds.count()


@pytest.mark.parametrize("name,source", CASES)
def test_generic_transition_refuses_every_structured_step_for_every_role(
    name, source, complaint, cast
):
    for role in ROLES:
        before = _put(complaint, source)
        with pytest.raises(TransitionNotAllowed):
            actions.transition(complaint, cast[role], name, channel=Channel.WEB, note="理由")
        complaint.refresh_from_db()
        assert complaint.status == source, role
        assert (complaint.events.count(), complaint.refunds.count()) == before, role


@pytest.mark.parametrize("name,source", CASES)
def test_no_web_form_takes_a_structured_step(name, source, complaint, cast):
    """The consumer's and the merchant's step form, and the agent desk's: refused, nothing changes."""
    posts = [
        ("consumer", reverse("portal:act", args=[complaint.number])),
        ("merchant_staff", reverse("portal:act", args=[complaint.number])),
    ]
    posts += [
        (role, reverse("desk:transition", args=[complaint.number]))
        for role in ("agent", "supervisor", "admin")
    ]
    for role, url in posts:
        before = _put(complaint, source)
        client = Client()
        client.force_login(cast[role])
        response = client.post(url, {"name": name, "note": "理由"})
        assert response.status_code in (302, 400, 409, 422), (role, response.status_code)
        complaint.refresh_from_db()
        assert complaint.status == source, role
        assert (complaint.events.count(), complaint.refunds.count()) == before, role


def test_the_refusal_says_the_step_has_its_own_form(complaint, merchant_staff, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    with pytest.raises(TransitionNotAllowed) as refused:
        actions.transition(
            complaint, merchant_staff, "merchant_offer", channel=Channel.WEB, note="换一件"
        )
    assert "own form" in refused.value.text()


@pytest.mark.parametrize("step", PLAIN, ids=lambda t: t.name)
def test_a_structured_call_refuses_a_plain_step(step, complaint, cast):
    source = sorted(step.sources)[0]
    role = next(r for r in ROLES if (cast[r].role if cast[r] else workflow.SYSTEM) in step.roles)
    _put(complaint, source)
    with pytest.raises(TransitionNotAllowed):
        actions.take_structured_step(
            complaint, cast[role], step.name, channel=Channel.WEB, note="理由", data={}
        )
    complaint.refresh_from_db()
    assert complaint.status == source


def test_plain_steps_still_work_through_the_generic_path(complaint, agent, consumer):
    """The refusals above are about structure, not a broken path."""
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    actions.transition(complaint, consumer, "withdraw", channel=Channel.WEB)
    complaint.refresh_from_db()
    assert complaint.status == workflow.Status.WITHDRAWN


def test_no_page_offers_a_structured_step_as_a_button():
    for status in workflow.Status:
        for role in (Role.CONSUMER, Role.MERCHANT, Role.AGENT, Role.SUPERVISOR, Role.ADMIN):
            assert not [t.name for t in workflow.buttons(status, role) if t.structured]
    # Merchants answer, confirm receipts and report what was done in the merchant center forms only.
    assert all(not workflow.buttons(status, Role.MERCHANT) for status in workflow.Status)
