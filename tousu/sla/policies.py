"""Which clock rules apply to a complaint.

Every active policy whose non-blank match fields (kind, channel, category, priority)
all equal the complaint's applies. For each clock the rule of the most specific
applying policy wins: most non-blank match fields, then the higher ``rank``, then the
newer policy. So a narrow policy only needs the clocks it changes.
"""

from __future__ import annotations

from django.db.models import Q

from tousu.sla.models import ClockRule, SlaPolicy


def matching(complaint) -> list[SlaPolicy]:
    """Applying policies, least specific first."""
    policies = (
        SlaPolicy.objects.filter(active=True)
        .filter(Q(kind="") | Q(kind=complaint.kind))
        .filter(Q(channel="") | Q(channel=complaint.channel))
        .filter(Q(category="") | Q(category=complaint.category))
        .filter(Q(priority__isnull=True) | Q(priority=complaint.priority))
        .prefetch_related("rules")
    )
    return sorted(policies, key=lambda p: (p.specificity, p.rank, p.pk))


def rules_for(complaint) -> dict[str, ClockRule]:
    """clock → the rule that governs it for this complaint (clocks without one do not run)."""
    rules: dict[str, ClockRule] = {}
    for policy in matching(complaint):
        for rule in policy.rules.all():
            rules[rule.clock] = rule
    return rules
