"""Only platform staff may use the desk: others get 404, anonymous visitors the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tousu.complaints.workflow import Status

POSTS = [
    ("desk:reply", {"body": "hi", "visibility": "public"}),
    ("desk:transition", {"name": "forward_to_merchant"}),
    ("desk:assign", {"assignee": "mine"}),
    ("desk:priority", {"priority": "4"}),
    ("desk:category", {"category": "food_safety"}),
]


@pytest.fixture(params=["consumer", "outsider", "merchant_staff", "other_merchant_staff"])
def non_staff(request):
    return request.getfixturevalue(request.param)


def test_non_staff_get_404_for_queue_and_detail(client, complaint, non_staff):
    client.force_login(non_staff)
    assert client.get(reverse("desk:queue")).status_code == 404
    assert client.get(reverse("desk:detail", args=[complaint.number])).status_code == 404


@pytest.mark.parametrize("name, data", POSTS)
def test_non_staff_posts_get_404_and_change_nothing(client, complaint, non_staff, name, data):
    client.force_login(non_staff)
    events = complaint.events.count()
    assert client.post(reverse(name, args=[complaint.number]), data).status_code == 404
    complaint.refresh_from_db()
    assert complaint.events.count() == events
    assert (complaint.status, complaint.priority, complaint.assignee_id) == (
        Status.ACKNOWLEDGED,
        2,
        None,
    )
    assert complaint.category == "quality"


def test_anonymous_is_sent_to_login(client, complaint):
    for url in (reverse("desk:queue"), reverse("desk:detail", args=[complaint.number])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for name, data in POSTS:
        response = client.post(reverse(name, args=[complaint.number]), data)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert complaint.events.count() == 2  # filed + acknowledged


def test_staff_roles_may_enter(client, complaint, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("desk:queue")).status_code == 200
    assert client.get(reverse("desk:detail", args=[complaint.number])).status_code == 200


def test_unknown_complaint_is_404(agent_client):
    assert agent_client.get(reverse("desk:detail", args=["TS00000000000000"])).status_code == 404


def test_get_on_post_endpoint_is_refused(agent_client, complaint):
    assert agent_client.get(reverse("desk:reply", args=[complaint.number])).status_code == 405
