"""The state machine: who may move a complaint where, and that every move is recorded."""

from datetime import timedelta

import pytest
import time_machine

from tests.steps import take
from tousu.accounts.models import Role
from tousu.complaints import actions, workflow
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.workflow import Status


def test_every_state_is_reachable_and_every_open_state_can_be_left():
    targets = {t.target for t in workflow.TRANSITIONS.values()}
    sources = set().union(*(t.sources for t in workflow.TRANSITIONS.values()))
    assert set(Status) - {Status.RECEIVED} <= targets
    assert workflow.OPEN <= sources


def test_every_state_maps_to_an_iso_10002_step():
    assert set(workflow.ISO_STEP) == set(Status)


def test_marketplace_path_from_merchant_rejection_to_closing(
    complaint, consumer, merchant_staff, agent
):
    steps = [
        (agent, "forward_to_merchant", ""),
        (merchant_staff, "merchant_reject", "已超过七天"),
        (consumer, "request_intervention", "商家拒绝，请平台介入"),
        (agent, "request_evidence", "请补充照片"),
        (agent, "evidence_complete", ""),
        (agent, "decide", "支持退款"),
        (consumer, "confirm", ""),
    ]
    for actor, name, note in steps:
        take(complaint, actor, name, note)  # structured steps through their own actions
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.closed_at is not None
    recorded = list(
        complaint.events.filter(kind=EventKind.STATUS).values_list("transition", flat=True)
    )
    # The decision starts fulfilment; the refund paid marks it fulfilled (the system's steps).
    assert recorded == [
        "acknowledge",
        "forward_to_merchant",
        "merchant_reject",
        "request_intervention",
        "request_evidence",
        "evidence_complete",
        "decide",
        "start_fulfilment",
        "fulfilled",
        "confirm",
    ]


def test_structured_steps_are_refused_as_plain_steps_and_have_no_button(complaint, agent):
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    with pytest.raises(TransitionNotAllowed):
        actions.transition(complaint, agent, "decide", channel=Channel.DESK, note="x")
    assert "decide" in [t.name for t in workflow.available(Status.INTERVENTION, Role.AGENT)]
    assert "decide" not in [t.name for t in workflow.buttons(Status.INTERVENTION, Role.AGENT)]


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_agent_only_steps_are_refused_to_others(request, complaint, who):
    with pytest.raises(TransitionNotAllowed):
        actions.transition(
            complaint, request.getfixturevalue(who), "forward_to_merchant", channel=Channel.WEB
        )
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED


def test_outsiders_cannot_move_a_complaint(complaint, outsider, other_merchant_staff, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    for stranger, name in [(outsider, "withdraw"), (other_merchant_staff, "merchant_agree")]:
        with pytest.raises(TransitionNotAllowed):
            actions.transition(complaint, stranger, name, channel=Channel.WEB)
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING_MERCHANT


def test_step_from_the_wrong_state_is_refused(complaint, consumer):
    with pytest.raises(TransitionNotAllowed):
        actions.transition(complaint, consumer, "confirm", channel=Channel.WEB)


def test_unknown_step_is_refused(complaint, agent):
    with pytest.raises(TransitionNotAllowed):
        actions.transition(complaint, agent, "teleport", channel=Channel.DESK)


def test_reason_is_required_where_the_table_says_so(complaint, agent):
    with pytest.raises(ValidationFailed):
        actions.transition(complaint, agent, "not_accept", channel=Channel.DESK, note="  ")
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED


def test_withdrawn_complaint_takes_no_more_messages_from_the_consumer(complaint, consumer, agent):
    actions.transition(complaint, consumer, "withdraw", channel=Channel.WEB)
    with pytest.raises(TransitionNotAllowed):
        actions.post_message(complaint, consumer, "还在吗", channel=Channel.WEB)
    actions.post_message(complaint, agent, "已记录撤回。", channel=Channel.DESK)


def test_reopen_only_within_the_window(complaint, consumer, agent, settings):
    settings.TOUSU_REOPEN_WINDOW_DAYS = 15
    actions.transition(complaint, agent, "close", channel=Channel.DESK, note="已解决")
    complaint.refresh_from_db()
    with time_machine.travel(complaint.closed_at + timedelta(days=16)):
        with pytest.raises(TransitionNotAllowed):
            actions.transition(complaint, consumer, "reopen", channel=Channel.WEB, note="又坏了")
    with time_machine.travel(complaint.closed_at + timedelta(days=14)):
        actions.transition(complaint, consumer, "reopen", channel=Channel.WEB, note="又坏了")
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED and complaint.closed_at is None


def test_available_lists_only_what_the_role_may_do():
    names = {t.name for t in workflow.available(Status.WAITING_MERCHANT, Role.MERCHANT)}
    assert names == {"merchant_agree", "merchant_offer", "merchant_reject"}
    assert {t.name for t in workflow.available(Status.CLOSED, Role.MERCHANT)} == set()


def test_timeline_events_are_append_only(complaint):
    event = complaint.events.first()
    event.body = "rewritten history"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
