"""The demo data has three teams of the demo agents with complaints in their queues."""

from __future__ import annotations

import os

from django.core.management import call_command

from tousu.complaints.choices import Category, EventKind
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.teams.models import Team


def test_load_demo_makes_three_teams_with_queues(db):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    teams = {t.name: t for t in Team.objects.prefetch_related("members")}
    assert set(teams) == {"食品安全", "数码电子", "微信渠道"}
    members = {name: {u.username for u in t.members.all()} for name, t in teams.items()}
    assert members == {
        "食品安全": {"agent1"},
        "数码电子": {"agent1", "agent2"},
        "微信渠道": {"agent2"},
    }
    for team in teams.values():
        assert Complaint.objects.filter(team=team).exists(), team.name
    assert (
        not Complaint.objects.filter(team=teams["食品安全"])
        .exclude(category=Category.FOOD_SAFETY)
        .exists()
    )
    assert Complaint.objects.filter(team__isnull=True).exists()  # some in no team's queue
    assert ComplaintEvent.objects.filter(kind=EventKind.TEAM, internal=True).exists()
    given = Complaint.objects.filter(team__isnull=False, assignee__isnull=False)
    assert given.exists()  # some given in turn
    assert all(c.assignee in c.team.members.all() for c in given.select_related("team"))
