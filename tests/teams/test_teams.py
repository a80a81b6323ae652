"""Teams: who manages them, who can be a member, routing and round-robin assignment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import make_user
from tousu.accounts.models import Role
from tousu.complaints import access
from tousu.complaints.choices import EventKind
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import ComplaintEvent
from tousu.complaints.routing import assign_in_turn, route_to_team
from tousu.complaints.timeline import entries
from tousu.teams.actions import create_team, next_in_turn, update_team


@pytest.fixture
def agents(db):
    return [make_user(f"agent{i}", Role.AGENT) for i in range(3)]


@pytest.fixture
def food(supervisor, agents):
    return create_team(supervisor, "食品安全", description="食品 投诉", members=agents)


def test_only_supervisors_manage_teams(agent, merchant_staff, consumer, agents):
    for user in (agent, merchant_staff, consumer):
        with pytest.raises(PermissionDenied):
            create_team(user, "电子产品", members=agents)


def test_members_must_be_active_platform_staff(supervisor, agents, merchant_staff, consumer):
    for outsider in (merchant_staff, consumer):
        with pytest.raises(ValidationError) as err:
            create_team(supervisor, "电子产品", members=[agents[0], outsider])
        assert "members" in err.value.message_dict
    gone = make_user("gone", Role.AGENT, is_active=False)
    with pytest.raises(ValidationError):
        create_team(supervisor, "电子产品", members=[gone])


def test_names_are_required_and_unique(supervisor, food):
    with pytest.raises(ValidationError) as err:
        create_team(supervisor, "  ")
    assert "name" in err.value.message_dict
    with pytest.raises(ValidationError):
        create_team(supervisor, " 食品安全 ")
    other = create_team(supervisor, "微信")
    with pytest.raises(ValidationError):
        update_team(supervisor, other, name="食品安全", members=[])


def test_round_robin_takes_members_in_turn_and_wraps(food, agents):
    assert [next_in_turn(food) for _ in range(4)] == [*agents, agents[0]]


def test_round_robin_skips_a_member_who_left_or_was_deactivated(supervisor, food, agents):
    assert next_in_turn(food) == agents[0]
    agents[1].is_active = False
    agents[1].save()
    assert next_in_turn(food) == agents[2]
    update_team(supervisor, food, name=food.name, members=[agents[0]])
    assert next_in_turn(food) == agents[0]
    assert next_in_turn(food) == agents[0]


def test_a_team_without_members_gives_nobody(supervisor):
    assert next_in_turn(create_team(supervisor, "空")) is None


def test_assign_in_turn_routes_and_assigns_on_an_internal_timeline(
    complaint, food, agents, consumer
):
    first = assign_in_turn(complaint, None, food)
    assert (first.team, first.assignee) == (food, agents[0])
    kinds = list(
        ComplaintEvent.objects.filter(complaint=complaint, internal=True)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds[-2:] == [EventKind.TEAM, EventKind.ASSIGNED]
    seen = access.timeline_for(consumer, complaint).values_list("kind", flat=True)
    assert EventKind.TEAM not in seen


def test_routing_again_to_the_same_team_records_nothing(complaint, food, agent):
    route_to_team(complaint, agent, food)
    before = ComplaintEvent.objects.filter(complaint=complaint).count()
    route_to_team(complaint, agent, food)
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == before


def test_parties_cannot_route_and_inactive_teams_take_nothing(
    complaint, food, supervisor, consumer, merchant_staff, agent
):
    for party in (consumer, merchant_staff):
        with pytest.raises(TransitionNotAllowed):
            route_to_team(complaint, party, food)
    closed = update_team(supervisor, food, name=food.name, members=[], is_active=False)
    with pytest.raises(TransitionNotAllowed):
        route_to_team(complaint, agent, closed)
    complaint.refresh_from_db()
    assert complaint.team is None


def test_the_team_change_reads_as_a_sentence_on_the_staff_timeline(complaint, food, agent):
    route_to_team(complaint, agent, food)
    route_to_team(complaint, agent, None)
    events = ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.TEAM).order_by("pk")
    texts = [entry.summary for entry in entries(complaint, events, agent)]
    assert texts == ["Put in team 食品安全", "Taken out of its team"]


def test_the_assignment_reads_with_the_agents_name(complaint, food, agents, agent):
    agents[0].display_name = "客服小周"
    agents[0].save()
    assign_in_turn(complaint, agent, food)
    event = ComplaintEvent.objects.filter(complaint=complaint, kind=EventKind.ASSIGNED).get()
    assert event.data == {"assignee": "agent0", "assignee_name": "客服小周"}
    assert [e.summary for e in entries(complaint, [event], agent)] == ["Assigned to 客服小周"]
