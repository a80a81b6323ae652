"""Collision notice: who else has the complaint open or is typing a reply (polling, expiry)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tousu.desk.models import Presence


@pytest.fixture
def xiaoli(agent2):
    agent2.display_name = "客服小李"
    agent2.save()
    client = Client()
    client.force_login(agent2)
    return client


def ping(client, complaint, **data):
    return client.post(reverse("desk:presence", args=[complaint.number]), data)


def test_other_agent_viewing_and_typing_is_shown(agent_client, xiaoli, complaint, chinese_default):
    assert ping(xiaoli, complaint).status_code == 200
    answer = ping(agent_client, complaint).content.decode()
    assert "客服小李 正在查看" in answer
    ping(xiaoli, complaint, typing="1")
    assert "客服小李 正在回复" in ping(agent_client, complaint).content.decode()
    # The workbench itself shows it on load, too.
    html = agent_client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert "客服小李 正在回复" in html


def test_one_does_not_see_oneself(agent_client, complaint):
    ping(agent_client, complaint)
    assert "data-presence" not in ping(agent_client, complaint).content.decode()


def test_presence_expires(agent_client, xiaoli, complaint, settings):
    settings.TOUSU_DESK_PRESENCE_EXPIRY_SECONDS = 45
    ping(xiaoli, complaint)
    with time_machine.travel(timezone.now() + timedelta(seconds=44)):
        assert "data-presence" in ping(agent_client, complaint).content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=46)):
        assert "data-presence" not in ping(agent_client, complaint).content.decode()
        assert Presence.objects.count() == 1  # the stale row went


def test_leaving_removes_it(agent_client, xiaoli, complaint):
    ping(xiaoli, complaint)
    ping(xiaoli, complaint, gone="1")
    assert "data-presence" not in ping(agent_client, complaint).content.decode()


def test_get_is_not_allowed(agent_client, complaint):
    assert agent_client.get(reverse("desk:presence", args=[complaint.number])).status_code == 405


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_non_staff_get_404(client, who, request, complaint):
    client.force_login(request.getfixturevalue(who))
    assert ping(client, complaint).status_code == 404
    assert not Presence.objects.exists()


def test_workbench_carries_the_poll_interval(agent_client, complaint, settings):
    settings.TOUSU_DESK_PRESENCE_POLL_SECONDS = 15
    html = agent_client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert 'data-poll-seconds="15"' in html
