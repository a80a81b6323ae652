"""The queue's page queries are served by an index, without a sort step (SQLite)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from django.db import connection
from django.http import QueryDict

from tousu import keyset
from tousu.complaints.access import assignable_staff
from tousu.complaints.models import Complaint
from tousu.search.queue import SORTS, QueueFilters
from tousu.teams.actions import create_team

TEAM = "<the team's id>"  # replaced by the id of a team the agent belongs to

CASES = [
    {},
    {"assignee": "mine"},
    {"assignee": "none"},
    {"channel": "phone"},
    {"category": "refund"},
    {"priority": "4"},
    {"status": "intervention"},
    {"status": "any"},
    {"due": "overdue"},
    {"due": "at_risk", "assignee": "mine"},
    {"shop": "M-TWO"},
    {"team": TEAM},
    {"team": "none"},
    {"team": "mine"},
    {"team": TEAM, "status": "intervention"},
    {"team": TEAM, "due": "overdue"},
    {"team": TEAM, "status": "any"},
]
MOMENT = datetime(2026, 12, 1, 8, tzinfo=timezone.utc)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("params", CASES)
def test_plan_uses_index_and_no_temp_sort(agent, supervisor, shop2, params, sort):
    team = create_team(supervisor, "食品安全", members=[agent])
    create_team(supervisor, "微信渠道", members=[agent])  # "mine" is two teams
    data = QueryDict(mutable=True)
    data.update({k: str(team.pk) if v == TEAM else v for k, v in params.items()})
    data["sort"] = sort
    form = QueueFilters(data, staff=list(assignable_staff()))
    assert form.is_valid(), form.errors
    s = SORTS[sort]
    first = MOMENT if s.keys[0].moment else 3
    for after in (None, (first, 100) if len(s.columns) == 2 else (100,)):
        for query in keyset.seek(form.apply(Complaint.objects.all(), agent), s, after):
            sql, args = query[:51].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, args)
                plan = " | ".join(row[-1] for row in cursor.fetchall())
            # Overdue / at risk in another order: the range of cmp_due_* is read, then only
            # those rows (the overdue or at-risk ones) are sorted (docs/desk.md).
            # A team's whole history by priority (status "any") has no index of its own, as
            # for an assignee: the team's rows are read and sorted (docs/desk.md).
            history = params.get("status") == "any" and sort == "priority"
            if not ("due" in params and sort != "deadline") and not history:
                assert "TEMP B-TREE" not in plan, plan
            if params.get("status") != "any" or len(params) > 1:
                assert "INDEX" in plan, plan
            if sort == "deadline" and "(team_id=? AND rowid>?)" in plan:
                # SQLite without statistics serves the seek's tie query (next_due_at = the
                # last row's, id after its id) of "team + overdue" by the team's own index, in
                # id order: no sort either (docs/desk.md).
                assert params.get("due") == "overdue", plan
            elif sort == "deadline":
                assert "cmp_due_" in plan, plan  # partial on next_due_at IS NOT NULL: matched
            elif not params:
                assert "cmp_open_" in plan, plan  # the partial index matched the open predicate
            if params.get("team") == TEAM and len(params) == 1:
                assert "team" in plan, plan  # one of the indexes that lead with team_id
            if params.get("team") == "mine":  # two teams: the sort's index, teams filtered
                assert "team" not in plan, plan
