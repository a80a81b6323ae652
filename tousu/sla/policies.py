"""Which clock rules apply to a complaint.

Every active policy whose non-blank match fields (kind, channel, category, priority)
all equal the complaint's applies. For each clock the rule of the most specific
applying policy wins: most non-blank match fields, then the higher ``rank``, then the
newer policy. So a narrow policy only needs the clocks it changes.
"""

from __future__ import annotations

from tousu.sla import config
from tousu.sla.models import ClockRule, SlaPolicy


def _applies(policy: SlaPolicy, complaint) -> bool:
    return (
        policy.kind in ("", complaint.kind)
        and policy.channel in ("", complaint.channel)
        and policy.category in ("", complaint.category)
        and policy.priority in (None, complaint.priority)
    )


def matching(complaint, configuration: config.Config | None = None) -> list[SlaPolicy]:
    """Applying policies, least specific first."""
    configuration = configuration or config.current()
    return [policy for policy in configuration.policies if _applies(policy, complaint)]


def rules_for(complaint, configuration: config.Config | None = None) -> dict[str, ClockRule]:
    """clock → the rule that governs it for this complaint (clocks without one do not run)."""
    rules: dict[str, ClockRule] = {}
    for policy in matching(complaint, configuration):
        for rule in policy.rules.all():
            rules[rule.clock] = rule
    return rules
