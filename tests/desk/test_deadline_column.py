"""The queue's next-deadline column, sort and filters (Complaint.next_due_at)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from tests.conftest import draft
from tests.desk.conftest import seed
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.sla.models import Deadline

QUEUE = reverse("desk:queue")


def first_due(complaint):
    return Deadline.objects.filter(
        complaint=complaint, ended_at__isnull=True, due_at__isnull=False
    ).aggregate(m=Min("due_at"))["m"]


def test_next_due_at_follows_the_running_clocks(complaint, agent):
    complaint.refresh_from_db()
    assert complaint.next_due_at is not None
    assert complaint.next_due_at == first_due(complaint)
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    complaint.refresh_from_db()
    assert complaint.next_due_at == first_due(complaint)  # the merchant's clock now
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    complaint.refresh_from_db()
    assert complaint.next_due_at == first_due(complaint)


def test_closing_clears_the_next_deadline(consumer, agent, order):
    filed, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    actions.transition(filed, agent, "close", channel=Channel.DESK, note="已解决")
    filed.refresh_from_db()
    assert filed.next_due_at is None


def rows_of(response):
    return [c.number for c in response.context["page"].rows]


@pytest.fixture
def due_rows(consumer):
    now = timezone.now()
    return {
        "overdue": seed(consumer, 1, next_due_at=now - timedelta(hours=2, minutes=5))[0],
        "at_risk": seed(consumer, 1, next_due_at=now + timedelta(hours=3, minutes=5))[0],
        "later": seed(consumer, 1, next_due_at=now + timedelta(days=2, hours=1))[0],
        "none": seed(consumer, 1)[0],
    }


def test_rows_show_time_left_coloured(agent_client, due_rows, settings, chinese_default):
    settings.TOUSU_SLA_AT_RISK_HOURS = 4
    html = agent_client.get(QUEUE).content.decode()
    assert 'class="due overdue"' in html and "已超时 2 小时" in html
    assert 'class="due at-risk"' in html and "还剩 3 小时" in html
    assert "还剩 2 天 1 小时" in html or "还剩 2 天" in html


def test_filter_overdue_and_at_risk(agent_client, due_rows, settings):
    settings.TOUSU_SLA_AT_RISK_HOURS = 4
    assert rows_of(agent_client.get(QUEUE, {"due": "overdue"})) == [due_rows["overdue"].number]
    assert rows_of(agent_client.get(QUEUE, {"due": "at_risk"})) == [due_rows["at_risk"].number]
    running = rows_of(agent_client.get(QUEUE, {"due": "running"}))
    assert due_rows["none"].number not in running and len(running) == 3


def test_at_risk_follows_the_setting(agent_client, due_rows, settings):
    settings.TOUSU_SLA_AT_RISK_HOURS = 2
    assert rows_of(agent_client.get(QUEUE, {"due": "at_risk"})) == []
    html = agent_client.get(QUEUE).content.decode()
    assert 'class="due at-risk"' not in html


def test_deadline_sort_soonest_first_and_says_what_it_leaves_out(
    agent_client, due_rows, chinese_default
):
    response = agent_client.get(QUEUE, {"sort": "deadline"})
    assert rows_of(response) == [due_rows[k].number for k in ("overdue", "at_risk", "later")]
    assert "没有正在计时的期限的投诉不在此列表中" in response.content.decode()


def test_time_moves_on(agent_client, due_rows, settings):
    settings.TOUSU_SLA_AT_RISK_HOURS = 4
    with time_machine.travel(timezone.now() + timedelta(hours=4)):
        overdue = rows_of(agent_client.get(QUEUE, {"due": "overdue"}))
    assert set(overdue) == {due_rows["overdue"].number, due_rows["at_risk"].number}
