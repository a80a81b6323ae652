"""The queue by team: a team's id, "mine" (any team of mine), "none"; a wrong value is
reported next to the field and lists nothing (a filter never widens)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.desk.conftest import seed
from tousu.complaints.models import Complaint
from tousu.teams.actions import create_team, update_team

QUEUE = reverse("desk:queue")


@pytest.fixture
def teams(supervisor, agent, agent2):
    return {
        "food": create_team(supervisor, "食品安全", members=[agent]),
        "tech": create_team(supervisor, "数码电子", members=[agent, agent2]),
        "wechat": create_team(supervisor, "微信渠道", members=[agent2]),
    }


@pytest.fixture
def rows(consumer, teams):
    made = seed(consumer, 5)
    for row, team in zip(made, ["food", "tech", "wechat", None, None]):
        Complaint.objects.filter(pk=row.pk).update(team=teams[team] if team else None)
    Complaint.objects.filter(pk=made[4].pk).update(status="closed")
    return made


def numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].rows}


def test_by_team_id(agent_client, rows, teams):
    response = agent_client.get(QUEUE, {"team": teams["food"].pk})
    assert numbers(response) == {rows[0].number}
    html = response.content.decode()
    assert 'class="badge team"' in html and "食品安全" in html


def test_mine_is_every_team_i_am_in(agent_client, rows):
    assert numbers(agent_client.get(QUEUE, {"team": "mine"})) == {rows[0].number, rows[1].number}


def test_mine_with_one_team(client, agent2, rows, teams, supervisor):
    update_team(supervisor, teams["tech"], name="数码电子", members=[])
    client.force_login(agent2)
    assert numbers(client.get(QUEUE, {"team": "mine"})) == {rows[2].number}


def test_mine_in_no_team_lists_nothing(client, supervisor, rows):
    client.force_login(supervisor)  # a member of no team
    response = client.get(QUEUE, {"team": "mine"})
    assert response.status_code == 200 and numbers(response) == set()


def test_none_is_the_complaints_in_no_team(agent_client, rows):
    assert numbers(agent_client.get(QUEUE, {"team": "none"})) == {rows[3].number}
    closed = agent_client.get(QUEUE, {"team": "none", "status": "any"})
    assert numbers(closed) == {rows[3].number, rows[4].number}


def test_team_with_other_filters_and_sorts(agent_client, rows, teams, consumer):
    extra = seed(consumer, 2, priority=4)
    Complaint.objects.filter(pk__in=[r.pk for r in extra]).update(team=teams["tech"])
    for sort in ("newest", "oldest", "priority", "deadline"):
        response = agent_client.get(QUEUE, {"team": teams["tech"].pk, "sort": sort})
        assert response.status_code == 200
        expected = {rows[1].number, *(r.number for r in extra)} if sort != "deadline" else set()
        assert numbers(response) == expected  # seeded rows run no deadline
    urgent = agent_client.get(QUEUE, {"team": teams["tech"].pk, "priority": "4"})
    assert numbers(urgent) == {r.number for r in extra}


@pytest.mark.parametrize("value", ["999", "abc", "-1", "0", "mine ", "1;DROP"])
def test_an_unknown_team_is_reported_and_lists_nothing(agent_client, rows, value):
    response = agent_client.get(QUEUE, {"team": value})
    assert response.status_code == 200
    assert "team" in response.context["filters"].errors
    assert numbers(response) == set()  # never silently the whole open queue
    html = response.content.decode()
    assert "data-blocked" in html
    assert 'class="invalid"' in html


def test_an_inactive_team_can_still_be_listed(agent_client, rows, teams, supervisor):
    update_team(supervisor, teams["food"], name="食品安全", members=[], is_active=False)
    response = agent_client.get(QUEUE, {"team": teams["food"].pk})
    assert numbers(response) == {rows[0].number}
    assert "食品安全 (inactive)" in response.content.decode()


def test_the_filter_bar_and_the_quick_link(agent_client, teams):
    html = agent_client.get(QUEUE).content.decode()
    assert 'name="team"' in html
    for team in teams.values():
        assert f'<option value="{team.pk}">{team.name}</option>' in html
    assert f'href="{QUEUE}?team=mine"' in html


def test_a_saved_view_keeps_the_team(agent_client, agent, teams, rows):
    query = f"team={teams['food'].pk}&sort=deadline&after=3.1"
    response = agent_client.post(reverse("desk:save_view"), {"name": "食品", "query": query})
    assert response["Location"] == f"{QUEUE}?team={teams['food'].pk}&sort=deadline"
    assert numbers(agent_client.get(response["Location"].replace("&sort=deadline", ""))) == {
        rows[0].number
    }


def test_search_keeps_the_team_filter(agent_client, rows, teams):
    response = agent_client.get(QUEUE, {"q": "x", "team": "abc"})
    assert "team" in response.context["filters"].errors
    assert "data-blocked" in response.content.decode()
