"""Drive a complaint along a named step the way its user would: a plain step through
``actions.transition``, a structured one through the action that owns it, with typical data
(the generic path refuses structured steps: tests/complaints/test_one_way_in.py)."""

from __future__ import annotations

from tousu.adjudication import decisions, feedback, fulfilment, negotiation
from tousu.adjudication.refunds import send_refunds
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint

OFFER_FEN = 3000


def _paid(complaint: Complaint) -> int:
    return (complaint.order_snapshot or {}).get("amount_paid_fen") or 0


def take(
    complaint: Complaint, actor, name: str, note: str = "", *, channel: str = Channel.WEB
) -> Complaint:
    complaint.refresh_from_db()
    note = note or "见附件"
    if name in ("merchant_agree", "merchant_offer", "merchant_reject"):
        answer = name.removeprefix("merchant_")
        reply = negotiation.Reply(
            answer,
            reason="" if answer == "agree" else note,
            remedy="partial_refund" if answer == "offer" else "",
            amount_fen=min(OFFER_FEN, _paid(complaint) or OFFER_FEN) if answer == "offer" else None,
        )
        negotiation.respond(complaint, actor, reply, channel=channel)
    elif name == "accept_offer":
        negotiation.accept_offer(complaint, actor, channel=channel)
    elif name == "request_intervention":
        negotiation.reject_offer(complaint, actor, note, ask_platform=True, channel=channel)
    elif name == "request_evidence":
        decisions.request_evidence(complaint, actor, "both", note, channel=channel)
    elif name == "decide":
        decisions.decide(
            complaint,
            actor,
            decisions.Ruling(outcome="full", grounds=note, refund_fen=_paid(complaint) or 1000),
            channel=channel,
        )
    elif name == "return_shipped":
        fulfilment.ship_return(
            complaint, actor, carrier="顺丰速运", tracking_number="SF1234567890", channel=channel
        )
    elif name == "confirm_return":
        fulfilment.confirm_receipt(complaint, actor, channel=channel)
    elif name == "fulfilled":
        fulfilment.report_done(complaint, actor, note, channel=channel)
    elif name in ("confirm", "decline_outcome"):
        feedback.give(
            complaint,
            actor,
            attitude=5,
            speed=4,
            overall=5,
            comment=note,
            accepted=name == "confirm",
            channel=channel,
        )
    else:
        actions.transition(complaint, actor, name, channel=channel, note=note)
    if name in ("accept_offer", "decide", "confirm_return"):
        send_refunds()  # the worker sends the requested refunds (tousu.adjudication.refunds)
    complaint.refresh_from_db()
    return complaint
