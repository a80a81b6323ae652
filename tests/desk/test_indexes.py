"""The queue's page queries are served by an index, without a sort step (SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from tousu import keyset
from tousu.complaints.access import assignable_staff
from tousu.complaints.models import Complaint
from tousu.search.queue import SORTS, QueueFilters

CASES = [
    {},
    {"assignee": "mine"},
    {"assignee": "none"},
    {"channel": "phone"},
    {"category": "refund"},
    {"priority": "4"},
    {"status": "intervention"},
    {"status": "any"},
]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("params", CASES)
def test_plan_uses_index_and_no_temp_sort(agent, params, sort):
    data = QueryDict(mutable=True)
    data.update({**params, "sort": sort})
    form = QueueFilters(data, staff=list(assignable_staff()))
    assert form.is_valid(), form.errors
    s = SORTS[sort]
    for after in (None, (3, 100) if len(s.columns) == 2 else (100,)):
        for query in keyset.seek(form.apply(Complaint.objects.all(), agent), s, after):
            sql, args = query[:51].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, args)
                plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert "TEMP B-TREE" not in plan, plan
            if params.get("status") != "any" or len(params) > 1:
                assert "INDEX" in plan, plan
            if not params:
                assert "cmp_open_" in plan, plan  # the partial index matched the open predicate
