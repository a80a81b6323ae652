"""Whose turn it is on a complaint, and how long they have.

For each open status: who must act (the consumer, the merchant, the platform; for an
evidence request, the party or parties asked) and which clock times them. ``turn()``
words it for one reader: the status in the second person when it is the reader's turn
("Waiting for you to confirm", not "Waiting for the consumer to confirm"), who must act,
the deadline in Asia/Shanghai and the time left (``tousu.sla.timeleft``). The consumer's
complaint page, the API detail, WeChat 进度 and the merchant center all use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.complaints import evidence as evidence_rules
from tousu.complaints.access import role_on
from tousu.complaints.choices import EventKind, Party
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.complaints.workflow import Status
from tousu.sla.clocks import PARTY_WINDOWS
from tousu.sla.models import Clock, Deadline, DeadlineState
from tousu.sla.timeleft import due_local, time_left

S, P = Status, Party

# status → (who must act, the clock that times them). None for the evidence request:
# the parties it asked (tousu.complaints.evidence).
WHO_ACTS: dict[str, tuple[frozenset[str] | None, str | None]] = {
    S.RECEIVED: (frozenset({P.PLATFORM}), Clock.ACKNOWLEDGE),
    S.ACKNOWLEDGED: (frozenset({P.PLATFORM}), Clock.FIRST_RESPONSE),
    S.WAITING_MERCHANT: (frozenset({P.MERCHANT}), Clock.MERCHANT_RESPONSE),
    S.MERCHANT_AGREED: (frozenset({P.CONSUMER}), None),
    S.MERCHANT_OFFERED: (frozenset({P.CONSUMER}), Clock.INTERVENTION_WINDOW),
    S.MERCHANT_REJECTED: (frozenset({P.CONSUMER}), Clock.INTERVENTION_WINDOW),
    S.INTERVENTION: (frozenset({P.PLATFORM}), Clock.DECISION),
    S.WAITING_EVIDENCE: (None, Clock.EVIDENCE),
    S.DECIDED: (frozenset({P.PLATFORM}), None),
    S.FULFILMENT: (frozenset({P.MERCHANT}), "merchant_refund"),  # runs once returned goods arrived
    S.AWAITING_RETURN: (frozenset({P.CONSUMER}), Clock.RETURN_SHIPMENT),
    S.RETURN_SHIPPED: (frozenset({P.MERCHANT}), Clock.RETURN_RECEIPT),
    S.REFUND_REPORTED: (frozenset({P.CONSUMER}), Clock.REFUND_CONFIRMATION),
    S.WAITING_CONFIRMATION: (frozenset({P.CONSUMER}), Clock.CONFIRMATION),
}

# The status as the party whose turn it is reads it (second person).
YOURS: dict[str, dict[str, object]] = {
    P.CONSUMER: {
        S.MERCHANT_AGREED: gettext_lazy("The merchant agreed: waiting for you to accept"),
        S.MERCHANT_OFFERED: gettext_lazy("Waiting for you to answer the merchant's offer"),
        S.MERCHANT_REJECTED: gettext_lazy(
            "The merchant rejected: you may ask the platform to intervene"
        ),
        S.WAITING_EVIDENCE: gettext_lazy("Waiting for your evidence"),
        S.AWAITING_RETURN: gettext_lazy("Waiting for you to send the goods back"),
        S.REFUND_REPORTED: gettext_lazy(
            "The merchant reports the refund paid: waiting for you to confirm it arrived"
        ),
        S.WAITING_CONFIRMATION: gettext_lazy("Waiting for you to confirm"),
    },
    P.MERCHANT: {
        S.WAITING_MERCHANT: gettext_lazy("Waiting for your answer"),
        S.WAITING_EVIDENCE: gettext_lazy("Waiting for your evidence"),
        S.FULFILMENT: gettext_lazy("Waiting for you to carry out the solution"),
        S.RETURN_SHIPPED: gettext_lazy("Waiting for you to confirm the returned goods arrived"),
    },
}

# What the party whose turn it is must do, for reminders and the "who must act" line.
TO_DO: dict[str, object] = {
    Clock.INTERVENTION_WINDOW: gettext_lazy(
        "accept the merchant's answer or ask the platform to intervene"
    ),
    Clock.EVIDENCE: gettext_lazy("add the evidence customer service asked for"),
    Clock.RETURN_SHIPMENT: gettext_lazy("send the goods back and enter the tracking number"),
    Clock.REFUND_CONFIRMATION: gettext_lazy(
        "confirm whether the refund the merchant reports has arrived"
    ),
    Clock.CONFIRMATION: gettext_lazy("confirm whether your problem is solved"),
}


@dataclass(frozen=True)
class Turn:
    status_label: str  # the status, in the second person when it is the reader's turn
    actors: tuple[str, ...]  # parties who must act (Party values), empty when closed
    actors_label: str  # "You", "The merchant", "Customer service", "You and the merchant"
    yours: bool  # the reader must act
    clock: str | None  # the clock timing them, when one runs
    due_at: datetime | None  # None: no deadline, paused or not computed
    time_left: str  # "还剩 5 天 23 小时" / "overdue by 2 hours"
    due_local: str  # "by 2026-12-06 14:05 (Beijing time)"
    overdue: bool
    state: str  # the run's state (DeadlineState) or ""


def reader_of(user, complaint: Complaint) -> str | None:
    """The party ``user`` reads ``complaint`` as (None for someone with no part in it)."""
    role = role_on(user, complaint) if getattr(user, "is_authenticated", False) else None
    return Party.of(role) if role else None


def parties(status: str, evidence_party: str | None) -> frozenset[str]:
    """Who must act in ``status``; ``evidence_party`` is the party an open evidence request
    asked ("consumer", "merchant", "both"; None: no request). No query: lists use it."""
    actors, _clock = WHO_ACTS.get(status, (frozenset(), None))
    if actors is None:
        return evidence_rules.ASKED.get(evidence_party or "", frozenset())
    return actors


def acting_parties(complaint: Complaint) -> frozenset[str]:
    """The parties who must act now (empty for a finished complaint)."""
    request = evidence_rules.open_request(complaint)
    return parties(
        complaint.status, (request.data or {}).get("party", "consumer") if request else None
    )


def with_evidence_asked(complaints):
    """Annotate each complaint with the party its latest evidence request asked
    (``evidence_asked``), in the list's own query: lists word statuses without a query per row."""
    asked = (
        ComplaintEvent.objects.filter(
            complaint=OuterRef("pk"), kind=EventKind.STATUS, transition="request_evidence"
        )
        .order_by("-id")
        .annotate(party=KeyTextTransform("party", "data"))
        .values("party")[:1]
    )
    return complaints.annotate(evidence_asked=Subquery(asked, output_field=CharField()))


def word_rows(rows, reader: str) -> None:
    """Set ``status_label`` on each row of a list annotated by ``with_evidence_asked``: the
    status as ``reader`` reads it (second person on their turn)."""
    for row in rows:
        asked = row.evidence_asked if row.status == S.WAITING_EVIDENCE else None
        row.status_label = (
            label(row.status, reader, parties(row.status, asked)) or row.get_status_display()
        )


def clocks_of(party: str) -> frozenset[str]:
    """The clocks that time ``party`` alone (the evidence clock is whoever was asked)."""
    return frozenset(clock for actors, clock in WHO_ACTS.values() if clock and actors == {party})


def is_consumer_window(deadline: Deadline) -> bool:
    """The run times one of the consumer's own windows, asked of them now."""
    complaint = deadline.complaint
    _actors, clock = WHO_ACTS.get(complaint.status, (None, None))
    return (
        deadline.clock in PARTY_WINDOWS
        and deadline.clock == clock
        and P.CONSUMER in acting_parties(complaint)
    )


def _party_name(party: str, reader: str | None) -> str:
    if party == reader:
        return _("You")
    return {P.CONSUMER: _("The consumer"), P.MERCHANT: _("The merchant")}.get(
        party, _("Customer service")
    )


def _actors_label(actors: frozenset[str], reader: str | None) -> str:
    if len(actors) == 1:
        return _party_name(next(iter(actors)), reader)
    # Both parties (an evidence request to both): the reader first.
    if reader == P.CONSUMER:
        return _("You and the merchant")
    if reader == P.MERCHANT:
        return _("You and the consumer")
    return _("The consumer and the merchant")


def live_run(complaint: Complaint, clock: str | None) -> Deadline | None:
    if clock is None:
        return None
    return complaint.deadlines.filter(clock=clock, ended_at__isnull=True).first()


def turn(complaint: Complaint, reader: str | None, now: datetime | None = None) -> Turn | None:
    """Whose turn it is, worded for ``reader`` (a Party value; None: a neutral reader).
    None for a finished complaint."""
    if complaint.status not in WHO_ACTS:
        return None
    actors = acting_parties(complaint)
    yours = reader in actors
    _actors, clock = WHO_ACTS[complaint.status]
    run = live_run(complaint, clock)
    due = (
        run.due_at
        if run is not None and run.state in (DeadlineState.ACTIVE, DeadlineState.CLAIMED)
        else None
    )
    left = time_left(due, now)
    return Turn(
        status_label=_label(complaint, reader, actors),
        actors=tuple(sorted(actors)),
        actors_label=_actors_label(actors, reader) if actors else "",
        yours=yours,
        clock=run.clock if run else None,
        due_at=due,
        time_left=left,
        due_local=due_local(due),
        overdue=bool(due and due <= (now or timezone.now())),
        state=run.state if run else "",
    )


def _label(complaint: Complaint, reader: str | None, actors: frozenset[str]) -> str:
    return label(complaint.status, reader, actors) or str(complaint.get_status_display())


def label(status: str, reader: str | None, actors: frozenset[str]) -> str:
    """The status in the second person when ``reader`` is among ``actors``; else empty."""
    mine = YOURS.get(reader, {}).get(status) if reader in actors else None
    return str(mine) if mine else ""


def status_for(complaint: Complaint, reader: str | None) -> str:
    """The status label for ``reader``: second person when it is their turn."""
    return _label(complaint, reader, acting_parties(complaint))


def running_deadlines(complaint: Complaint, party: str) -> list[Deadline]:
    """The deadlines running for ``party`` on this complaint, soonest first: the clocks that
    time it alone, and the evidence clock when the open request asked it."""
    clocks = set(clocks_of(party))
    if party in acting_parties(complaint):
        clocks.add(Clock.EVIDENCE)
    return list(
        complaint.deadlines.filter(ended_at__isnull=True, clock__in=clocks).order_by("due_at")
    )


def pause_note(complaint: Complaint, reader: str | None) -> str:
    """Why a paused clock is paused, naming the party it waits for ("paused while waiting
    for the merchant's evidence" when the merchant was asked, not "…on the consumer")."""
    actors = acting_parties(complaint)
    if reader in actors and len(actors) == 1:
        return _("paused while waiting for you")
    if actors == {P.MERCHANT}:
        return _("paused while waiting for the merchant")
    if actors == {P.CONSUMER}:
        return _("paused while waiting for the consumer")
    if actors == {P.CONSUMER, P.MERCHANT}:
        return _("paused while waiting for both parties")
    return _("paused")


def turn_rows(rows, reader: str, now: datetime | None = None) -> None:
    """Set ``turn`` on each row of a list page annotated by ``with_evidence_asked``: who must
    act (worded for ``reader``) and the time left on the clock that times them, with one
    query for the whole page (the rows' live runs)."""
    rows = list(rows)
    live = {
        (run.complaint_id, run.clock): run.due_at
        for run in Deadline.objects.filter(
            complaint__in=[row.pk for row in rows],
            ended_at__isnull=True,
            state__in=(DeadlineState.ACTIVE, DeadlineState.CLAIMED),
        ).only("complaint_id", "clock", "due_at")
    }
    now = now or timezone.now()
    for row in rows:
        if row.status not in WHO_ACTS:
            row.turn = None
            continue
        asked = row.evidence_asked if row.status == S.WAITING_EVIDENCE else None
        actors = parties(row.status, asked)
        due = live.get((row.pk, WHO_ACTS[row.status][1]))
        row.turn = Turn(
            status_label=label(row.status, reader, actors) or str(row.get_status_display()),
            actors=tuple(sorted(actors)),
            actors_label=_actors_label(actors, reader) if actors else "",
            yours=reader in actors,
            clock=WHO_ACTS[row.status][1],
            due_at=due,
            time_left=time_left(due, now),
            due_local=due_local(due),
            overdue=bool(due and due <= now),
            state="",
        )
