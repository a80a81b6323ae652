"""The team box of the workbench: move to another team, take it out, give it in turn;
every refusal is a message on the page, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.complaints.choices import EventKind
from tousu.complaints.routing import route_to_team
from tousu.teams.actions import create_team, update_team


def team_url(complaint) -> str:
    return reverse("desk:team", args=[complaint.number])


@pytest.fixture
def food(supervisor, agent, agent2):
    return create_team(supervisor, "食品安全", members=[agent, agent2])


@pytest.fixture
def tech(supervisor):
    return create_team(supervisor, "数码电子")


def test_the_workbench_shows_the_team_and_the_choices(agent_client, complaint, food, tech, agent):
    url = reverse("desk:detail", args=[complaint.number])
    html = agent_client.get(url).content.decode()
    assert "data-team-box" in html and f'<option value="{food.pk}">食品安全</option>' in html
    assert "Assign in turn within the team" in html
    route_to_team(complaint, agent, food)
    html = agent_client.get(url).content.decode()
    assert '<span class="badge team" title="Team">食品安全</span>' in html
    assert f'<option value="{food.pk}" selected>食品安全</option>' in html


def test_move_to_another_team(agent_client, complaint, food, tech, agent):
    route_to_team(complaint, agent, food)
    response = agent_client.post(team_url(complaint), {"team": tech.pk}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Moved to team 数码电子." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.team == tech and complaint.assignee is None
    assert complaint.events.filter(kind=EventKind.TEAM, channel="desk").count() == 2


def test_take_it_out_of_its_team(agent_client, complaint, food, agent):
    route_to_team(complaint, agent, food)
    response = agent_client.post(team_url(complaint), {"team": "none"}, follow=True)
    assert "Taken out of its team." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.team is None


def test_in_turn_takes_the_members_in_order(agent_client, complaint, food, agent, agent2):
    response = agent_client.post(team_url(complaint), {"team": food.pk, "in_turn": "1"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.team, complaint.assignee) == (food, agent)
    agent_client.post(team_url(complaint), {"team": food.pk, "in_turn": "1"})
    complaint.refresh_from_db()
    assert complaint.assignee == agent2  # the next member in turn


def test_in_turn_with_nobody_active_leaves_it_in_the_queue(agent_client, complaint, tech):
    response = agent_client.post(team_url(complaint), {"team": tech.pk, "in_turn": "1"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.team, complaint.assignee) == (tech, None)


def test_an_inactive_team_is_refused_with_a_message(
    agent_client, complaint, food, supervisor, chinese_default
):
    update_team(supervisor, food, name=food.name, members=[], is_active=False)
    for data in ({"team": food.pk}, {"team": food.pk, "in_turn": "1"}):
        response = agent_client.post(team_url(complaint), data)
        assert response.status_code == 409
        html = response.content.decode()
        assert 'role="alert"' in html and "该团队已停用。" in html
    complaint.refresh_from_db()
    assert complaint.team is None and complaint.assignee is None


@pytest.mark.parametrize(
    "data",
    [{}, {"team": ""}, {"team": "999"}, {"team": "abc"}, {"team": "none", "in_turn": "1"}],
)
def test_bad_choices_are_a_message_not_a_500(agent_client, complaint, food, data):
    response = agent_client.post(team_url(complaint), data)
    assert response.status_code == 400
    assert "Please choose a team." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.team is None


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_parties_are_refused(who, client, complaint, food, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(team_url(complaint), {"team": food.pk}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.team is None


def test_anonymous_is_sent_to_sign_in(client, complaint, food):
    response = client.post(team_url(complaint), {"team": food.pk})
    assert response.status_code == 302 and "login" in response["Location"]
    complaint.refresh_from_db()
    assert complaint.team is None


def test_get_is_not_allowed(agent_client, complaint):
    assert agent_client.get(team_url(complaint)).status_code == 405


def test_a_supervisor_may_move_too(client, supervisor, complaint, food):
    other = make_user("agent9", Role.AGENT)
    update_team(supervisor, food, name=food.name, members=[other])
    client.force_login(supervisor)
    client.post(team_url(complaint), {"team": food.pk, "in_turn": "1"})
    complaint.refresh_from_db()
    assert complaint.assignee == other
