"""Which clocks run in which complaint status, as data (next to workflow.py's style).

A clock runs while the complaint is in one of its ``RUNS_IN`` statuses: entering the
first starts a run, moving between them keeps it, leaving them ends it (met, or
already breached). In a ``WAITING_ON_CONSUMER`` status a clock whose rule says so is
paused instead of running; it resumes with the time it had left.
"""

from __future__ import annotations

from tousu.complaints.workflow import OPEN, Status
from tousu.sla.models import Clock

S = Status

WAITING_ON_CONSUMER = frozenset(
    {
        S.MERCHANT_OFFERED,
        S.MERCHANT_REJECTED,
        S.WAITING_EVIDENCE,
        S.AWAITING_RETURN,
        S.WAITING_CONFIRMATION,
        S.REFUND_REPORTED,
    }
)

RUNS_IN: dict[str, frozenset[str]] = {
    Clock.ACKNOWLEDGE: frozenset({S.RECEIVED}),
    Clock.FIRST_RESPONSE: frozenset({S.ACKNOWLEDGED}),
    Clock.CALLBACK: frozenset({S.RECEIVED, S.ACKNOWLEDGED}),
    Clock.MERCHANT_RESPONSE: frozenset({S.WAITING_MERCHANT}),
    Clock.INTERVENTION_WINDOW: frozenset({S.MERCHANT_OFFERED, S.MERCHANT_REJECTED}),
    Clock.EVIDENCE: frozenset({S.WAITING_EVIDENCE}),
    Clock.DECISION: frozenset({S.INTERVENTION, S.WAITING_EVIDENCE}),
    Clock.RETURN_SHIPMENT: frozenset({S.AWAITING_RETURN}),
    Clock.RETURN_RECEIPT: frozenset({S.RETURN_SHIPPED}),
    Clock.MERCHANT_REFUND: frozenset({S.FULFILMENT}),
    Clock.REFUND_CONFIRMATION: frozenset({S.REFUND_REPORTED}),
    Clock.CONFIRMATION: frozenset({S.WAITING_CONFIRMATION}),
    Clock.RESOLUTION: frozenset(OPEN),
    Clock.ODR_SETTLEMENT: frozenset(OPEN),
}

# Clocks that time a party's own window to act (not the platform's work). Without a
# reminder in their rule they remind the consumer TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS
# before they close, when the window is the consumer's (tousu.sla.turns).
PARTY_WINDOWS = frozenset(
    {
        Clock.INTERVENTION_WINDOW,
        Clock.EVIDENCE,
        Clock.RETURN_SHIPMENT,
        Clock.REFUND_CONFIRMATION,
        Clock.CONFIRMATION,
    }
)

# Clocks that start only when their status is entered from one of these: the merchant's
# refund runs from the confirmed receipt of the returned goods (return_shipped →
# fulfilment), not when fulfilment starts without a return. Once started, the clock runs
# while the status stays in RUNS_IN as any other.
STARTS_ONLY_FROM: dict[str, frozenset[str]] = {
    Clock.MERCHANT_REFUND: frozenset({S.RETURN_SHIPPED}),
}

# The regulator's clock: it counts from the receipt of the case whatever the platform is
# waiting for, so it never pauses, whatever its rule says.
NEVER_PAUSES = frozenset({Clock.ODR_SETTLEMENT})

# Clocks that only concern some demands (the rest of the complaint's fields are matched
# by the policy). None today: the return clocks run in the statuses of a return
# (awaiting_return, return_shipped), which only a return or an exchange enters.
ONLY_FOR_DEMANDS: dict[str, frozenset[str]] = {}


def clocks_for(status: str, demand: str) -> set[str]:
    """The clocks that may be alive (running or paused) in ``status``."""
    return {
        clock
        for clock, statuses in RUNS_IN.items()
        if status in statuses and demand in ONLY_FOR_DEMANDS.get(clock, (demand,))
    }


def may_start(clock: str, entered_from: str | None) -> bool:
    """Whether entering the clock's statuses from ``entered_from`` starts a run (None: not an entry)."""
    sources = STARTS_ONLY_FROM.get(clock)
    return sources is None or entered_from in sources


def paused_in(status: str) -> bool:
    return status in WAITING_ON_CONSUMER


def ever_pauses(clock: str) -> bool:
    """False for the regulator's clock and for a consumer's own window (it only runs while
    waiting on the consumer): those never pause, whatever their rule says."""
    return clock not in NEVER_PAUSES and not RUNS_IN[clock] <= WAITING_ON_CONSUMER
