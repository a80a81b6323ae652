"""A new message about a complaint: added, reopens it within the reopen period, or starts a linked one."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tousu.complaints import actions, filing
from tousu.complaints.choices import EventKind
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint


def close(complaint: Complaint, agent) -> Complaint:
    Complaint.objects.filter(pk=complaint.pk).update(status="closed", closed_at=timezone.now())
    return Complaint.objects.get(pk=complaint.pk)


def test_open_complaint_gets_the_message(consumer, complaint):
    result = filing.follow_up(complaint, consumer, "还有问题", channel="wechat")
    assert (result.complaint, result.outcome) == (complaint, "message")
    event = complaint.events.last()
    assert (event.kind, event.channel, event.body) == (EventKind.MESSAGE, "wechat", "还有问题")


def test_closed_within_the_window_reopens(consumer, complaint, agent, settings):
    settings.TOUSU_REOPEN_WINDOW_DAYS = 15
    close(complaint, agent)
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        result = filing.follow_up(complaint, consumer, "耳机又坏了", channel="phone")
    assert result.outcome == "reopened" and result.complaint.pk == complaint.pk
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged" and complaint.closed_at is None
    event = complaint.events.last()
    assert (event.transition, event.channel, event.body) == ("reopen", "phone", "耳机又坏了")


def test_closed_after_the_window_starts_a_linked_complaint(consumer, complaint, agent, settings):
    settings.TOUSU_REOPEN_WINDOW_DAYS = 15
    close(complaint, agent)
    with time_machine.travel(timezone.now() + timedelta(days=16)):
        result = filing.follow_up(complaint, consumer, "又出问题了", channel="app")
    new = result.complaint
    assert result.outcome == "new" and new.pk != complaint.pk
    assert new.follows == complaint and new.consumer == consumer and new.order == complaint.order
    assert new.channel == "app" and new.description == "又出问题了"
    assert list(complaint.followed_by.all()) == [new]
    complaint.refresh_from_db()
    assert complaint.status == "closed"


def test_withdrawn_complaint_is_not_continued(consumer, complaint):
    actions.transition(complaint, consumer, "withdraw", channel="web", note="算了")
    with pytest.raises(TransitionNotAllowed):
        filing.follow_up(complaint, consumer, "还是要投诉", channel="web")
    assert Complaint.objects.count() == 1


def test_strangers_cannot_follow_up(outsider, merchant_staff, complaint):
    for who in (outsider, merchant_staff):
        with pytest.raises(TransitionNotAllowed):
            filing.follow_up(complaint, who, "hi", channel="web")


def test_portal_message_on_a_closed_complaint_reopens_it(client, consumer, complaint, agent):
    close(complaint, agent)
    client.force_login(consumer)
    page = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "Still a problem?" in page
    response = client.post(f"/complaints/{complaint.number}/message/", {"body": "还没好"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"


def test_timeline_shows_the_channel_of_each_event(client, consumer, complaint):
    filing.follow_up(complaint, consumer, "从微信来的", channel="wechat")
    client.force_login(consumer)
    html = client.get(f"/complaints/{complaint.number}/").content.decode()
    assert "Website" in html and "WeChat official account" in html


def test_api_message_on_a_closed_complaint_reopens_or_starts_a_new_one(
    consumer, complaint, agent, settings
):
    from datetime import timedelta as td

    from tests.api.conftest import ApiClient
    from tousu.accounts.models import ApiToken

    _token, raw = ApiToken.issue(consumer, timezone.now() + td(days=1))
    api = ApiClient(raw)
    close(complaint, agent)
    response = api.post(f"/api/v1/complaints/{complaint.number}/messages", {"body": "还是不行"})
    assert response.status_code == 201 and response["X-Tousu-Complaint"] == complaint.number
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"
    close(complaint, agent)
    with time_machine.travel(
        timezone.now() + timedelta(days=settings.TOUSU_REOPEN_WINDOW_DAYS + 1)
    ):
        _token, raw = ApiToken.issue(consumer, timezone.now() + td(days=1))
        response = ApiClient(raw).post(
            f"/api/v1/complaints/{complaint.number}/messages", {"body": "又坏了"}
        )
    assert response.status_code == 201
    new = Complaint.objects.get(number=response["X-Tousu-Complaint"])
    assert new.follows == complaint and new.channel == "app"
