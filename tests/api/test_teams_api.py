"""Teams through the agent API: ``staff.team`` in the detail and the queue, the queue's
``team`` filter, and ``POST /api/v1/complaints/{number}/team`` (docs/api.md#for-platform-staff)."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tests.desk.conftest import seed
from tousu.accounts.models import Role
from tousu.complaints.choices import EventKind
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.complaints.routing import route_to_team
from tousu.teams.actions import create_team, update_team

C = "/api/v1/complaints"


@pytest.fixture
def food(supervisor, agent):
    return create_team(supervisor, "食品安全", members=[agent])


@pytest.fixture
def wechat(supervisor):
    return create_team(supervisor, "微信渠道")


def test_the_detail_and_the_queue_show_the_team(complaint, food, agent, api_as):
    desk = api_as(agent, "en")
    assert desk.get(f"{C}/{complaint.number}").json()["staff"]["team"] is None
    route_to_team(complaint, agent, food)
    team = {"id": food.pk, "name": "食品安全", "is_active": True}
    assert desk.get(f"{C}/{complaint.number}").json()["staff"]["team"] == team
    assert desk.get("/api/v1/queue").json()["items"][0]["team"] == team


def test_put_in_a_team_and_take_it_out(complaint, food, agent, api_as):
    desk = api_as(agent, "en")
    moved = desk.post(f"{C}/{complaint.number}/team", {"team": food.pk})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["staff"]["team"]["name"] == "食品安全"
    assert moved.json()["staff"]["assignee"] is None
    event = ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.TEAM).get()
    assert event.channel == "app" and event.internal
    out = desk.post(f"{C}/{complaint.number}/team", {"team": None})
    assert out.status_code == 200 and out.json()["staff"]["team"] is None
    complaint.refresh_from_db()
    assert complaint.team is None


def test_in_turn_gives_it_to_the_next_member(complaint, supervisor, agent, api_as, db):
    other = make_user("agent-b", Role.AGENT)
    team = create_team(supervisor, "数码电子", members=[agent, other])
    second = seed(complaint.consumer, 1)[0]
    desk = api_as(supervisor, "en")
    first = desk.post(f"{C}/{complaint.number}/team", {"team": team.pk, "in_turn": True})
    assert first.status_code == 200, first.json()
    assert first.json()["staff"]["assignee"]["username"] == "agent"
    then = desk.post(f"{C}/{second.number}/team", {"team": team.pk, "in_turn": True})
    assert then.json()["staff"]["assignee"]["username"] == "agent-b"
    assert then.json()["staff"]["team"]["id"] == team.pk


def test_unknown_team_is_404_and_changes_nothing(complaint, agent, api_as):
    response = api_as(agent, "en").post(f"{C}/{complaint.number}/team", {"team": 999})
    assert response.status_code == 404
    assert response.json()["code"] == "team_not_found"
    assert response.json()["message"] == "There is no such team."
    complaint.refresh_from_db()
    assert complaint.team is None


def test_inactive_team_is_409(complaint, supervisor, food, agent, api_as):
    update_team(supervisor, food, name=food.name, members=[], is_active=False)
    for body in ({"team": food.pk}, {"team": food.pk, "in_turn": True}):
        response = api_as(agent, "en").post(f"{C}/{complaint.number}/team", body)
        assert response.status_code == 409
        assert response.json()["code"] == "transition_not_allowed"
        assert response.json()["message"] == "This team is no longer active."
    complaint.refresh_from_db()
    assert (complaint.team, complaint.assignee) == (None, None)


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "team"),
        ({"team": "1"}, "team"),
        ({"team": 0}, "team"),
        ({"team": 1.5}, "team"),
        ({"team": None, "in_turn": True}, "in_turn"),
        ({"team": 1, "in_turn": "yes"}, "in_turn"),
    ],
)
def test_bad_bodies_are_422(body, field, complaint, food, agent, api_as):
    body = {k: (food.pk if v == 1 else v) for k, v in body.items()}
    response = api_as(agent, "en").post(f"{C}/{complaint.number}/team", body)
    assert response.status_code == 422, response.json()
    assert field in response.json()["fields"]
    complaint.refresh_from_db()
    assert complaint.team is None


def test_missing_complaint_is_404_for_staff(agent, food, api_as):
    response = api_as(agent).post(f"{C}/TS00000000000000/team", {"team": food.pk})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_parties_are_refused_and_never_see_the_team(who, complaint, food, agent, api_as, request):
    route_to_team(complaint, agent, food)
    client = api_as(request.getfixturevalue(who))
    response = client.post(f"{C}/{complaint.number}/team", {"team": None})
    assert response.status_code == 403
    assert client.get("/api/v1/queue", team=str(food.pk)).status_code == 403
    complaint.refresh_from_db()
    assert complaint.team == food
    seen = client.get(f"{C}/{complaint.number}")
    if seen.status_code == 200:
        assert seen.json()["staff"] is None
        assert "食品安全" not in seen.content.decode()


def test_queue_team_filter(consumer, agent, supervisor, food, wechat, api_as):
    rows = seed(consumer, 4)
    Complaint.objects.filter(pk=rows[0].pk).update(team=food)
    Complaint.objects.filter(pk=rows[1].pk).update(team=wechat)
    desk = api_as(agent, "en")

    def numbers(**params):
        response = desk.get("/api/v1/queue", **params)
        assert response.status_code == 200, response.json()
        return {c["number"] for c in response.json()["items"]}

    assert numbers(team=str(food.pk)) == {rows[0].number}
    assert numbers(team="mine") == {rows[0].number}
    assert numbers(team="none") == {rows[2].number, rows[3].number}
    assert numbers() == {r.number for r in rows}
    # The supervisor is in no team: "mine" lists nothing rather than everything.
    assert api_as(supervisor).get("/api/v1/queue", team="mine").json()["items"] == []


@pytest.mark.parametrize("value", ["999", "abc", "-1", "1 OR 1=1", "mine,none"])
def test_queue_unknown_team_is_422_never_wider(value, consumer, agent, food, api_as):
    seed(consumer, 2)
    response = api_as(agent, "en").get("/api/v1/queue", team=value)
    assert response.status_code == 422
    assert "team" in response.json()["fields"]
