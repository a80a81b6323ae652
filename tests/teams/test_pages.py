"""The desk's team pages: supervisors and admins manage teams, agents read the list,
everyone else is refused (merchants and consumers 404, anonymous visitors to sign-in)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.desk.conftest import seed
from tousu.accounts.models import Role
from tousu.complaints.models import Complaint
from tousu.teams.actions import create_team
from tousu.teams.models import Team

LIST = reverse("desk:teams")
NEW = reverse("desk:new_team")


def edit(team: Team) -> str:
    return reverse("desk:edit_team", args=[team.pk])


@pytest.fixture
def admin(db):
    return make_user("root", Role.ADMIN)


@pytest.fixture
def agent2(db):
    return make_user("agent2", Role.AGENT)


@pytest.fixture
def food(supervisor, agent):
    return create_team(supervisor, "食品安全", description="食品类投诉", members=[agent])


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_the_list_shows_members_open_counts_and_state(as_user, supervisor, food, consumer):
    rows = seed(consumer, 4)
    Complaint.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(team=food)
    Complaint.objects.filter(pk=rows[2].pk).update(status="closed")  # not open: not counted
    create_team(supervisor, "微信渠道")
    response = as_user(supervisor).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "食品安全" in html and "食品类投诉" in html and "agent" in html
    assert f'<a href="{reverse("desk:queue")}?team={food.pk}"' in html
    counts = {t.name: t.open_count for t in response.context["teams"]}
    assert counts == {"食品安全": 2, "微信渠道": 0}
    assert NEW in html and edit(food) in html


def test_agents_read_the_list_without_manage_links(as_user, agent, food):
    html = as_user(agent).get(LIST).content.decode()
    assert "食品安全" in html
    assert NEW not in html and edit(food) not in html


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_supervisors_and_admins_create_a_team(who, as_user, request, agent, agent2):
    client = as_user(request.getfixturevalue(who))
    assert client.get(NEW).status_code == 200
    response = client.post(
        NEW, {"name": " 数码电子 ", "description": "手机 电脑", "members": [agent.pk, agent2.pk]}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    team = Team.objects.get()
    assert (team.name, team.description, team.is_active) == ("数码电子", "手机 电脑", True)
    assert set(team.members.all()) == {agent, agent2}


def test_edit_renames_changes_members_and_deactivates(as_user, supervisor, food, agent, agent2):
    client = as_user(supervisor)
    form = client.get(edit(food))
    assert form.status_code == 200 and 'value="食品安全"' in form.content.decode()
    response = client.post(
        edit(food), {"name": "食品安全组", "description": "", "members": [agent2.pk]}
    )
    assert response.status_code == 302
    food.refresh_from_db()
    assert (food.name, food.is_active) == ("食品安全组", False)  # box not ticked
    assert list(food.members.all()) == [agent2]
    client.post(edit(food), {"name": "食品安全组", "members": [agent2.pk], "is_active": "on"})
    food.refresh_from_db()
    assert food.is_active


def test_refusals_are_shown_next_to_the_field(as_user, supervisor, food, agent, merchant_staff):
    client = as_user(supervisor)
    cases = [
        ({"name": "  "}, "name"),
        ({"name": "食品安全"}, "name"),  # taken
        ({"name": "x" * 65}, "name"),
        ({"name": "新组", "members": [merchant_staff.pk]}, "members"),
        ({"name": "新组", "members": ["abc"]}, "members"),
        ({"name": "新组", "description": "x" * 201}, "description"),
    ]
    for data, field in cases:
        response = client.post(NEW, data)
        assert response.status_code == 422, data
        assert field in response.context["form"].errors, (data, response.context["form"].errors)
        assert 'class="error"' in response.content.decode()
    assert list(Team.objects.values_list("name", flat=True)) == ["食品安全"]


def test_a_deactivated_agent_is_not_offered(as_user, supervisor, agent, agent2):
    agent2.is_active = False
    agent2.save()
    html = as_user(supervisor).get(NEW).content.decode()
    assert f'value="{agent.pk}"' in html and f'value="{agent2.pk}"' not in html
    response = as_user(supervisor).post(NEW, {"name": "新组", "members": [agent2.pk]})
    assert response.status_code == 422 and not Team.objects.exists()


def test_editing_a_missing_team_is_404(as_user, supervisor, db):
    assert as_user(supervisor).get(reverse("desk:edit_team", args=[999])).status_code == 404


def test_agents_cannot_create_or_edit(as_user, agent, food):
    client = as_user(agent)
    for url in (NEW, edit(food)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "改名", "members": [agent.pk]}).status_code == 404
    food.refresh_from_db()
    assert food.name == "食品安全" and Team.objects.count() == 1


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_merchants_and_consumers_are_refused_every_page(who, as_user, request, food):
    client = as_user(request.getfixturevalue(who))
    for url in (LIST, NEW, edit(food)):
        assert client.get(url).status_code == 404, url
    assert client.post(NEW, {"name": "偷建"}).status_code == 404
    assert client.post(edit(food), {"name": "偷改"}).status_code == 404
    assert list(Team.objects.values_list("name", flat=True)) == ["食品安全"]


def test_anonymous_visitors_are_sent_to_sign_in(client, food):
    for url in (LIST, NEW, edit(food)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(NEW, {"name": "偷建"}).status_code == 302
    assert Team.objects.count() == 1


def test_the_desk_links_the_page(as_user, supervisor, agent):
    queue = reverse("desk:queue")
    assert f'href="{LIST}"' in as_user(supervisor).get(reverse("desk:supervisor")).content.decode()
    assert f'href="{LIST}"' in as_user(agent).get(queue).content.decode()


def test_the_page_in_chinese(as_user, supervisor, food, chinese_default):
    html = as_user(supervisor).get(LIST).content.decode()
    assert "团队" in html and "新建团队" in html
