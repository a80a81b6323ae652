"""Bulk actions from the queue: each complaint through its action, in its own transaction;
a summary of what was done and what was refused, and why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import draft
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status

BULK = reverse("desk:bulk")


@pytest.fixture
def three(consumer, order, no_filing_limits):
    """Two acknowledged complaints and one already with the merchant."""
    filed = [
        filing.file_complaint(
            consumer, draft(order.number, description=f"第{i}件"), channel=Channel.WEB
        )[0]
        for i in range(3)
    ]
    return filed


def post(client, numbers, **data):
    return client.post(BULK, {"c": numbers, **data})


def test_assign_to_me_for_every_ticked(agent_client, agent, three):
    response = post(agent_client, [c.number for c in three], action="assign", assignee="mine")
    assert response.status_code == 200
    assert len(response.context["outcome"].done) == 3
    assert set(Complaint.objects.values_list("assignee_id", flat=True)) == {agent.pk}


def test_priority(agent_client, three):
    post(agent_client, [three[0].number], action="priority", priority="4")
    assert Complaint.objects.get(pk=three[0].pk).priority == 4
    assert Complaint.objects.get(pk=three[1].pk).priority == 2


def test_mixed_batch_forward_reports_refusals_and_does_the_rest(
    agent_client, agent, three, chinese_default
):
    actions.transition(three[1], agent, "forward_to_merchant", channel=Channel.DESK)
    numbers = [three[0].number, three[1].number, "TS-NO-SUCH", three[2].number]
    response = post(agent_client, numbers, action="forward")
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert [c.number for c in outcome.done] == [three[0].number, three[2].number]
    refused = dict(outcome.refused)
    assert set(refused) == {three[1].number, "TS-NO-SUCH"}
    assert refused["TS-NO-SUCH"] == "没有这个编号的投诉。"
    assert refused[three[1].number]  # the workflow's own reason
    statuses = {c.pk: c.status for c in Complaint.objects.all()}
    assert set(statuses.values()) == {Status.WAITING_MERCHANT}
    html = response.content.decode()
    assert "已完成 2 件投诉" in html and "2 件投诉被拒绝" in html


def test_close_with_a_note_mixed(agent_client, agent, three):
    actions.transition(three[0], agent, "forward_to_merchant", channel=Channel.DESK)
    response = post(
        agent_client, [c.number for c in three], action="close", note="消费者已电话确认解决"
    )
    outcome = response.context["outcome"]
    assert [number for number, _ in outcome.refused] == [three[0].number]
    assert Complaint.objects.get(pk=three[0].pk).status == Status.WAITING_MERCHANT
    for c in three[1:]:
        c.refresh_from_db()
        assert c.status == Status.CLOSED
        assert c.events.filter(body="消费者已电话确认解决").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "close", "note": "  "},
        {"action": "assign", "assignee": "123456789"},
        {"action": "priority", "priority": ""},
        {"action": "explode"},
    ],
)
def test_a_request_that_cannot_be_done_changes_nothing(agent_client, three, data):
    before = list(Complaint.objects.values_list("status", "priority", "assignee_id"))
    response = post(agent_client, [c.number for c in three], **data)
    assert response.status_code == 400
    assert response.context["problem"]
    assert list(Complaint.objects.values_list("status", "priority", "assignee_id")) == before


def test_nothing_ticked(agent_client, three):
    response = post(agent_client, [], action="forward")
    assert response.status_code == 400


def test_too_many(agent_client, three, settings):
    settings.TOUSU_DESK_BULK_MAX = 2
    assert post(agent_client, [c.number for c in three], action="forward").status_code == 400


def test_back_link_only_to_this_site(agent_client, three):
    ok = post(agent_client, [three[0].number], action="forward", next="/desk/?sort=oldest")
    assert ok.context["back"] == "/desk/?sort=oldest"
    evil = post(agent_client, [three[1].number], action="forward", next="https://evil.example/")
    assert evil.context["back"] == ""


@pytest.mark.parametrize("who", ["consumer", "outsider", "merchant_staff"])
def test_non_staff_get_404_and_change_nothing(client, three, who, request):
    client.force_login(request.getfixturevalue(who))
    response = post(client, [c.number for c in three], action="forward")
    assert response.status_code == 404
    assert set(Complaint.objects.values_list("status", flat=True)) == {Status.ACKNOWLEDGED}


def test_queue_rows_have_ticks_and_the_bar(agent_client, three):
    html = agent_client.get(reverse("desk:queue")).content.decode()
    assert 'name="c" value="%s"' % three[0].number in html
    assert "data-bulk-bar" in html and f'action="{BULK}"' in html
