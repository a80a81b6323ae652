"""The complaint state machine, as data.

States follow both ISO 10002 (receive → acknowledge → assess → investigate → respond →
decide → close) and the marketplace path (merchant response → platform intervention →
decision → fulfilment → consumer confirmation). ``ISO_STEP`` maps each state to its
ISO step. Every change of state goes through ``tousu.complaints.actions.transition``,
which checks this table; nothing else writes ``Complaint.status``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.accounts.models import Role


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    WAITING_MERCHANT = "waiting_merchant", _("Waiting for merchant")
    MERCHANT_AGREED = "merchant_agreed", _("Merchant agreed")
    MERCHANT_OFFERED = "merchant_offered", _("Merchant offered an alternative")
    MERCHANT_REJECTED = "merchant_rejected", _("Merchant rejected")
    INTERVENTION = "intervention", _("Platform intervention")
    WAITING_EVIDENCE = "waiting_evidence", _("Waiting for evidence")
    DECIDED = "decided", _("Decided")
    FULFILMENT = "fulfilment", _("Being fulfilled")
    AWAITING_RETURN = "awaiting_return", _("Waiting for the consumer to send the goods back")
    RETURN_SHIPPED = "return_shipped", _("Returned goods on their way to the merchant")
    REFUND_REPORTED = (
        "refund_reported",
        _("Refund reported paid by the merchant: waiting for the consumer to confirm it arrived"),
    )
    WAITING_CONFIRMATION = "waiting_confirmation", _("Waiting for the consumer to confirm")
    CLOSED = "closed", _("Closed")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ESCALATED = "escalated", _("Escalated outside")


S = Status
TERMINAL = frozenset({S.CLOSED, S.NOT_ACCEPTED, S.WITHDRAWN, S.ESCALATED})
OPEN = frozenset(set(S) - TERMINAL)
# Once a solution is decided and being carried out (goods going back, money going out, the
# consumer asked to confirm), withdrawing no longer applies: the consumer accepts or
# declines the outcome instead.
CARRYING_OUT = frozenset(
    {
        S.DECIDED,
        S.FULFILMENT,
        S.AWAITING_RETURN,
        S.RETURN_SHIPPED,
        S.REFUND_REPORTED,
        S.WAITING_CONFIRMATION,
    }
)

ISO_STEP = {
    S.RECEIVED: "receive",
    S.ACKNOWLEDGED: "acknowledge",
    S.WAITING_MERCHANT: "investigate",
    S.MERCHANT_AGREED: "respond",
    S.MERCHANT_OFFERED: "respond",
    S.MERCHANT_REJECTED: "respond",
    S.INTERVENTION: "investigate",
    S.WAITING_EVIDENCE: "investigate",
    S.DECIDED: "decide",
    S.FULFILMENT: "decide",
    S.AWAITING_RETURN: "decide",
    S.RETURN_SHIPPED: "decide",
    S.REFUND_REPORTED: "decide",
    S.WAITING_CONFIRMATION: "decide",
    S.CLOSED: "close",
    S.NOT_ACCEPTED: "close",
    S.WITHDRAWN: "close",
    S.ESCALATED: "close",
}

CONSUMER = frozenset({Role.CONSUMER})
MERCHANT = frozenset({Role.MERCHANT})
PLATFORM = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_note: bool = False
    # A step with data or side effects (an answer, an offer's amount, a decision, a refund,
    # a return, a confirmation): taken only through its own action in tousu.adjudication,
    # which calls ``actions.take_structured_step``. ``actions.transition`` (the generic path:
    # step buttons, the API, the desk) refuses it.
    structured: bool = False


def _t(name, label, sources, target, roles, needs_note=False, structured=False) -> Transition:
    return Transition(
        name, label, frozenset(sources), target, frozenset(roles), needs_note, structured
    )


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("acknowledge", _("Acknowledge"), {S.RECEIVED}, S.ACKNOWLEDGED, PLATFORM | {SYSTEM}),
        _t(
            "forward_to_merchant",
            _("Ask the merchant to respond"),
            {S.ACKNOWLEDGED},
            S.WAITING_MERCHANT,
            PLATFORM | {SYSTEM},
        ),
        # The merchant's answer: tousu.adjudication.negotiation.respond (the SLA sweep, on the
        # merchant's silence: negotiation.deem_agreed).
        _t(
            "merchant_agree",
            _("Agree to the demand"),
            {S.WAITING_MERCHANT},
            S.MERCHANT_AGREED,
            MERCHANT | {SYSTEM},
            structured=True,
        ),
        _t(
            "merchant_offer",
            _("Offer an alternative"),
            {S.WAITING_MERCHANT},
            S.MERCHANT_OFFERED,
            MERCHANT,
            needs_note=True,
            structured=True,
        ),
        _t(
            "merchant_reject",
            _("Reject the demand"),
            {S.WAITING_MERCHANT},
            S.MERCHANT_REJECTED,
            MERCHANT,
            needs_note=True,
            structured=True,
        ),
        # The consumer's reply: negotiation.accept_offer / negotiation.reject_offer.
        _t(
            "accept_offer",
            _("Accept the merchant's offer"),
            {S.MERCHANT_AGREED, S.MERCHANT_OFFERED},
            S.FULFILMENT,
            CONSUMER | {SYSTEM},
            structured=True,
        ),
        _t(
            "request_intervention",
            _("Ask the platform to intervene"),
            {S.MERCHANT_AGREED, S.MERCHANT_OFFERED, S.MERCHANT_REJECTED},
            S.INTERVENTION,
            CONSUMER,
            needs_note=True,
            structured=True,
        ),
        _t(
            "intervene",
            _("Intervene"),
            {S.ACKNOWLEDGED, S.WAITING_MERCHANT, S.MERCHANT_OFFERED, S.MERCHANT_REJECTED},
            S.INTERVENTION,
            PLATFORM | {SYSTEM},
        ),
        # decisions.request_evidence (says from whom).
        _t(
            "request_evidence",
            _("Ask for evidence"),
            {S.INTERVENTION},
            S.WAITING_EVIDENCE,
            PLATFORM,
            needs_note=True,
            structured=True,
        ),
        _t(
            "evidence_complete",
            _("Evidence complete"),
            {S.WAITING_EVIDENCE},
            S.INTERVENTION,
            PLATFORM | {SYSTEM},
        ),
        # decisions.decide: the decision, then in the same transaction either ``conclude`` (a
        # decision against the consumer: nothing to fulfil) or ``start_fulfilment``.
        _t(
            "decide",
            _("Decide"),
            {S.INTERVENTION},
            S.DECIDED,
            PLATFORM,
            needs_note=True,
            structured=True,
        ),
        _t(
            "conclude",
            _("Ask the consumer to confirm"),
            {S.DECIDED},
            S.WAITING_CONFIRMATION,
            PLATFORM | {SYSTEM},
            structured=True,
        ),
        _t(
            "start_fulfilment",
            _("Start fulfilment"),
            {S.DECIDED},
            S.FULFILMENT,
            PLATFORM | {SYSTEM},
            structured=True,
        ),
        # Carrying it out (tousu.adjudication.fulfilment): goods come back first — the consumer
        # ships them with a tracking number, the merchant (or, after the return_receipt clock,
        # the system) confirms receipt — then the refund goes out; ``fulfilled`` is taken when
        # every refund is paid (the system) or, for a remedy without money, when the merchant
        # reports it carried out (fulfilment.report_done).
        _t(
            "await_return",
            _("Ask for the goods back"),
            {S.FULFILMENT},
            S.AWAITING_RETURN,
            PLATFORM | MERCHANT | {SYSTEM},
            structured=True,
        ),
        _t(
            "return_shipped",
            _("Goods sent back"),
            {S.AWAITING_RETURN},
            S.RETURN_SHIPPED,
            CONSUMER,
            structured=True,
        ),
        _t(
            "confirm_return",
            _("Confirm the returned goods arrived"),
            {S.RETURN_SHIPPED},
            S.FULFILMENT,
            PLATFORM | MERCHANT | {SYSTEM},
            structured=True,
        ),
        # A refund the merchant pays outside the platform (TOUSU_REFUND_MODE "merchant_reported",
        # tousu.adjudication.reported): the merchant reports it paid with a reference; the
        # consumer confirms it arrived (silent: the SLA sweep after refund_confirmation) or
        # says it did not, and customer service settles that: paid, or owed again.
        _t(
            "report_refund",
            _("Report the refund paid"),
            {S.FULFILMENT},
            S.REFUND_REPORTED,
            MERCHANT,
            structured=True,
        ),
        _t(
            "refund_received",
            _("Confirm the refund arrived"),
            {S.REFUND_REPORTED},
            S.FULFILMENT,
            CONSUMER | {SYSTEM},
            structured=True,
        ),
        _t(
            "dispute_refund",
            _("Say the refund has not arrived"),
            {S.REFUND_REPORTED},
            S.INTERVENTION,
            CONSUMER,
            needs_note=True,
            structured=True,
        ),
        _t(
            "settle_refund",
            _("Settle the disputed refund"),
            {S.INTERVENTION},
            S.FULFILMENT,
            PLATFORM,
            needs_note=True,
            structured=True,
        ),
        _t(
            "fulfilled",
            _("Mark as fulfilled"),
            {S.FULFILMENT},
            S.WAITING_CONFIRMATION,
            PLATFORM | MERCHANT | {SYSTEM},
            structured=True,
        ),
        # Closing (tousu.adjudication.feedback): the consumer answers with a rating, accepting
        # the outcome or not (ISO 10002: recorded with the options left); silent, the SLA sweep
        # confirms (feedback.deem_confirmed).
        _t(
            "confirm",
            _("Confirm it is solved"),
            {S.WAITING_CONFIRMATION},
            S.CLOSED,
            CONSUMER | {SYSTEM},
            structured=True,
        ),
        _t(
            "decline_outcome",
            _("Do not accept the outcome"),
            {S.WAITING_CONFIRMATION},
            S.CLOSED,
            CONSUMER,
            structured=True,
        ),
        # Only the SLA worker: the consumer let the window to answer the merchant (or to
        # send the goods back) pass.
        _t(
            "lapse",
            _("Closed: no reply in time"),
            {S.MERCHANT_OFFERED, S.MERCHANT_REJECTED, S.AWAITING_RETURN},
            S.CLOSED,
            {SYSTEM},
        ),
        _t(
            "close",
            _("Close"),
            {S.DECIDED, S.WAITING_CONFIRMATION, S.ACKNOWLEDGED},
            S.CLOSED,
            PLATFORM,
            needs_note=True,
        ),
        _t(
            "not_accept",
            _("Do not accept"),
            {S.RECEIVED, S.ACKNOWLEDGED},
            S.NOT_ACCEPTED,
            PLATFORM,
            needs_note=True,
        ),
        _t("withdraw", _("Withdraw the complaint"), OPEN - CARRYING_OUT, S.WITHDRAWN, CONSUMER),
        _t("reopen", _("Reopen"), {S.CLOSED}, S.ACKNOWLEDGED, PLATFORM | CONSUMER, needs_note=True),
        _t(
            "escalate",
            _("Escalated outside"),
            OPEN | {S.CLOSED},
            S.ESCALATED,
            PLATFORM | {SYSTEM},
            needs_note=True,
        ),
    ]
}


def allowed(transition: Transition, status: str, role: str) -> bool:
    return status in transition.sources and role in transition.roles


def available(status: str, role: str) -> list[Transition]:
    """The transitions someone in ``role`` may trigger from ``status``, in table order."""
    return [t for t in TRANSITIONS.values() if allowed(t, status, role)]


def buttons(status: str, role: str) -> list[Transition]:
    """``available`` without the structured steps, which have their own forms."""
    return [t for t in available(status, role) if not t.structured]
