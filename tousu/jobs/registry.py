"""Every background job, in the order ``tousu worker`` runs them each round.

A job is a function ``job(limit) -> int`` that does at most ``limit`` units of work and
returns how many it did; the worker sleeps only when a round found little to do. No job
calls out (payment system, SMS, e-mail, WeChat) with a database transaction open, and
several workers may run at once: each job claims its rows with a compare-and-swap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tousu.adjudication.refunds import send_refunds
from tousu.analytics.rollup import refresh as refresh_figures
from tousu.automation.engine import apply_due as apply_rules
from tousu.channels.phone.callbacks import sweep as sweep_callbacks
from tousu.channels.phone.recordings import fetch_due as fetch_recordings
from tousu.incidents.grouping import group as group_incidents
from tousu.notify.delivery import deliver_due
from tousu.notify.retention import prune_sent
from tousu.sla.sweep import sweep as sweep_deadlines
from tousu.webhooks.delivery import deliver_due as deliver_webhooks
from tousu.webhooks.feed import sequence as sequence_changes
from tousu.webhooks.retention import prune_delivered


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[int], int]


JOBS = (
    # Deadlines first: a breach may take a step for the system (and queue notices).
    Job("deadlines", lambda limit: sweep_deadlines(limit=limit).total),
    # Hotline callbacks past their due time: flagged once, supervisors told.
    Job("callbacks", lambda limit: sweep_callbacks(limit=limit)),
    # Refunds the decisions asked for, sent to the payment system.
    Job("refunds", lambda limit: send_refunds(limit=limit)),
    # Call recordings the telephony webhook announced, downloaded from the call centre.
    Job("recordings", lambda limit: fetch_recordings(limit=limit)),
    # Many alike complaints about one shop's product grouped into incidents (docs/incidents.md).
    Job("incidents", lambda limit: group_incidents(limit=limit)),
    # Automation rules on what happened above (and in the web requests), through the actions.
    Job("automation", lambda limit: apply_rules(limit=limit)),
    # The changes the steps above (and the web requests) recorded, numbered for the feed.
    Job("changes", lambda limit: sequence_changes(limit=limit)),
    # Webhook deliveries; one that turns a subscription off queues its owner's notice.
    Job("webhooks", lambda limit: deliver_webhooks(limit=limit)),
    # The dashboard's rollups: complaints changed since the watermark, their days summed again
    # (docs/analytics.md). After the deadlines, so a breach is counted in the same round.
    Job("figures", lambda limit: refresh_figures(limit=limit)),
    # Last, the notifications the jobs above (and the web requests) queued.
    Job("notifications", lambda limit: deliver_due(limit=limit)),
    # Retention (docs/scaling.md#retention): sent notifications and finished webhook
    # deliveries past their settings' age, oldest first.
    Job("retention", lambda limit: prune_sent(limit) + prune_delivered(limit)),
)


def run_round(limit: int) -> int:
    """Run every job once; returns the units of work done."""
    return sum(job.run(limit) for job in JOBS)
