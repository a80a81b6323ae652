"""Saved queue views: personal for everyone at the desk, shared only by supervisors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tousu.desk.models import SavedView

QUEUE = reverse("desk:queue")
SAVE = reverse("desk:save_view")


def test_agent_saves_a_personal_view_without_cursor_or_junk(agent_client, agent):
    response = agent_client.post(
        SAVE, {"name": "我的紧急", "query": "sort=priority&assignee=mine&after=3.100&evil=1&shop="}
    )
    view = SavedView.objects.get(owner=agent)
    assert (view.name, view.query, view.shared) == (
        "我的紧急",
        "assignee=mine&sort=priority",
        False,
    )
    assert response.status_code == 302 and response["Location"] == QUEUE + "?" + view.query
    html = agent_client.get(QUEUE).content.decode()
    assert "我的紧急" in html and f'href="{QUEUE}?assignee=mine&amp;sort=priority"' in html


def test_saving_the_same_name_again_replaces_it(agent_client, agent):
    agent_client.post(SAVE, {"name": "A", "query": "sort=oldest"})
    agent_client.post(SAVE, {"name": "A", "query": "sort=priority"})
    assert list(SavedView.objects.values_list("query", flat=True)) == ["sort=priority"]


def test_agent_cannot_share(agent_client, agent, chinese_default):
    response = agent_client.post(
        SAVE, {"name": "全组", "query": "sort=oldest", "shared": "1"}, follow=True
    )
    assert not SavedView.objects.exists()
    assert "只有主管可以共享视图。" in response.content.decode()


def test_share_box_only_for_supervisors(agent_client, supervisor):
    assert 'name="shared"' not in agent_client.get(QUEUE).content.decode()
    client = Client()
    client.force_login(supervisor)
    assert 'name="shared"' in client.get(QUEUE).content.decode()


def test_supervisor_shares_and_every_agent_sees_it(supervisor, agent_client):
    client = Client()
    client.force_login(supervisor)
    client.post(SAVE, {"name": "超时待办", "query": "due=overdue&sort=deadline", "shared": "1"})
    client.post(SAVE, {"name": "主管私人", "query": "sort=oldest"})
    html = agent_client.get(QUEUE).content.decode()
    assert "超时待办" in html and "主管私人" not in html
    # Shared views are listed, but only their owner can delete them (no delete button).
    view = SavedView.objects.get(name="超时待办")
    assert reverse("desk:delete_view", args=[view.pk]) not in html


def test_name_required(agent_client):
    agent_client.post(SAVE, {"name": "  ", "query": "sort=oldest"})
    assert not SavedView.objects.exists()


def test_delete_own_view_only(agent_client, agent, agent2):
    agent_client.post(SAVE, {"name": "A", "query": "sort=oldest"})
    view = SavedView.objects.get()
    client = Client()
    client.force_login(agent2)
    assert client.post(reverse("desk:delete_view", args=[view.pk])).status_code == 404
    assert SavedView.objects.exists()
    response = agent_client.post(reverse("desk:delete_view", args=[view.pk]))
    assert response.status_code == 302 and not SavedView.objects.exists()


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_non_staff_get_404(client, who, request, agent):
    client.force_login(request.getfixturevalue(who))
    assert client.post(SAVE, {"name": "x", "query": ""}).status_code == 404
    view = SavedView.objects.create(owner=agent, name="A", query="")
    assert client.post(reverse("desk:delete_view", args=[view.pk])).status_code == 404
    assert SavedView.objects.count() == 1
