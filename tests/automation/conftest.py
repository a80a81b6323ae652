"""Rules as a supervisor makes them, and the worker round that applies them."""

from __future__ import annotations

import pytest

from tousu.automation import actions as automation
from tousu.automation.engine import apply_due
from tousu.automation.models import RuleRun


def make_rule(by, name="规则", trigger="filed", params=None, conditions=(), actions=(), **extra):
    return automation.save_rule(
        by,
        name=name,
        trigger=trigger,
        trigger_params=params or {},
        conditions=list(conditions),
        actions=list(actions) or [{"kind": "tag", "name": "自动"}],
        **extra,
    )


def work(limit: int = 100) -> int:
    """Worker rounds until no trigger is pending (a chain may take several)."""
    total = 0
    while done := apply_due(limit):
        total += done
    return total


def runs(rule) -> list[RuleRun]:
    return list(RuleRun.objects.filter(rule=rule).order_by("id"))


def tags(complaint) -> list[str]:
    return sorted(complaint.tags.values_list("name", flat=True))


@pytest.fixture
def rule_maker(supervisor):
    def make(**kwargs):
        return make_rule(supervisor, **kwargs)

    return make
