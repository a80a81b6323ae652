"""Events the refund state machine publishes (through ``tousu.complaints.events``).

Published by ``tousu.payments.actions`` inside the transaction that changes the state, so a
subscriber's rows (webhook deliveries, the change feed) commit or roll back with it. The
worker's own passage through ``sending`` is not published: ``old`` is the state the refund
was in before the worker took it, and nothing is published when the payment system's answer
leaves it there (a refund still pending, a failed refund failing again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tousu.payments.models import RefundInstruction


@dataclass(frozen=True)
class RefundStateChanged:
    """A refund instruction moved from ``old`` (None: just created) to ``new``."""

    refund: RefundInstruction
    old: str | None
    new: str
    at: datetime
