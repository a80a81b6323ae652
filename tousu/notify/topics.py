"""What each notification says. Rendered at delivery time, in the platform language."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tousu.adjudication.models import Outcome
from tousu.complaints.templatetags.money import yuan
from tousu.sla.figures import describe
from tousu.sla.models import Clock
from tousu.sla.timeleft import due_local, time_left
from tousu.sla.turns import TO_DO


def _speaker(context: dict) -> str:
    role = context.get("who_role")
    if role == "merchant":
        return context["shop"]
    if role == "consumer":
        return _("Consumer")
    return _("Platform customer service")


TOPICS = {
    "acknowledged": (
        lambda c: _("Complaint %(number)s received") % c,
        lambda c: (
            _(
                "We have registered your complaint %(number)s. We will ask the merchant to respond "
                "or review it ourselves, and tell you about every step."
            )
            % c
        ),
    ),
    "merchant_asked": (
        lambda c: _("Please respond to complaint %(number)s") % c,
        lambda c: (
            _(
                "A consumer complained about an order of %(shop)s (%(number)s). "
                "Please respond in the merchant center before the deadline."
            )
            % c
        ),
    ),
    "merchant_answered": (
        lambda c: _("The merchant answered complaint %(number)s") % c,
        lambda c: (
            _(
                "%(shop)s has answered: %(status)s. Open the complaint to accept "
                "or to ask the platform to intervene."
            )
            % c
        ),
    ),
    "reply": (
        lambda c: _("New message on complaint %(number)s") % c,
        lambda c: _("%(who)s wrote: %(excerpt)s") % {**c, "who": _speaker(c)},
    ),
    "status": (
        lambda c: _("Complaint %(number)s: %(status)s") % c,
        lambda c: _("Your complaint %(number)s is now: %(status)s.") % c,
    ),
    # Negotiation and adjudication (tousu.adjudication).
    "decided": (
        lambda c: _("Decision on complaint %(number)s") % c,
        lambda c: (
            _(
                "Platform customer service has decided complaint %(number)s: %(outcome)s. "
                "The grounds are on the complaint page."
            )
            % _outcome(c)
        ),
    ),
    "evidence_requested": (
        lambda c: _("More evidence needed for complaint %(number)s") % c,
        lambda c: (
            _(
                "Platform customer service asks for more evidence on complaint %(number)s: %(note)s "
                "Please add it before the deadline."
            )
            % c
        ),
    ),
    "offer_accepted": (
        lambda c: _("The consumer accepted your answer on complaint %(number)s") % c,
        lambda c: (
            _("The consumer accepted your answer on complaint %(number)s. Please carry it out.") % c
        ),
    ),
    "intervention_requested": (
        lambda c: _("Platform intervention on complaint %(number)s") % c,
        lambda c: (
            _(
                "The consumer did not accept your answer on complaint %(number)s and asked the platform "
                "to intervene. Add your evidence now."
            )
            % c
        ),
    ),
    "return_shipped": (
        lambda c: _("Returned goods on their way for complaint %(number)s") % c,
        lambda c: (
            _(
                "The consumer has sent the goods back (complaint %(number)s). Confirm receipt when "
                "they arrive; after %(within)s receipt is confirmed automatically."
            )
            % {**c, "within": describe(c["receipt_within"])}
            if c.get("receipt_within")
            else _(
                "The consumer has sent the goods back (complaint %(number)s). Confirm receipt when "
                "they arrive."
            )
            % c
        ),
    ),
    # A refund the merchant paid outside the platform (tousu.adjudication.reported): to the
    # consumer, asked to confirm it arrived; to the merchant, a dispute and its settlement.
    "refund_reported": (
        lambda c: _("Refund reported on complaint %(number)s: please confirm") % c,
        lambda c: (
            _(
                "%(shop)s reports the refund of %(amount)s on complaint %(number)s paid "
                "(reference %(reference)s). Please confirm on the complaint page whether it "
                "arrived; without an answer within %(within)s it is taken as received."
            )
            % {**c, "amount": _yuan(c.get("refund_fen")), "within": describe(c["within"])}
            if c.get("within")
            else _(
                "%(shop)s reports the refund of %(amount)s on complaint %(number)s paid "
                "(reference %(reference)s). Please confirm on the complaint page whether it "
                "arrived."
            )
            % {**c, "amount": _yuan(c.get("refund_fen"))}
        ),
    ),
    "refund_disputed": (
        lambda c: _("The consumer has not received your refund on complaint %(number)s") % c,
        lambda c: (
            _(
                "The consumer says the refund you reported on complaint %(number)s has not "
                "arrived. Customer service is checking it: add your proof of payment now."
            )
            % c
        ),
    ),
    "refund_settled": (
        lambda c: _("Customer service settled the refund on complaint %(number)s") % c,
        lambda c: (
            (
                _("Customer service found the refund on complaint %(number)s paid.")
                if c.get("paid")
                else _(
                    "Customer service found the refund on complaint %(number)s not paid: you "
                    "still owe it. Pay it and report it again in the merchant center."
                )
            )
            % c
        ),
    ),
    "outcome_not_accepted": (
        lambda c: _("Complaint %(number)s closed without your acceptance") % c,
        lambda c: (
            _(
                "We recorded that you do not accept the outcome of complaint %(number)s. You may still "
                "ask for an internal review by reopening it, complain to 12315, or file on Black Cat."
            )
            % c
        ),
    ),
    # SLA notices to supervisors and the assignee (tousu.sla); the clock is named at delivery.
    "sla_reminder": (
        lambda c: _("Deadline approaching on complaint %(number)s") % c,
        lambda c: _("The %(clock)s deadline of complaint %(number)s is due at %(due)s.") % _sla(c),
    ),
    "sla_breached": (
        lambda c: _("Deadline missed on complaint %(number)s") % c,
        lambda c: _("The %(clock)s deadline of complaint %(number)s passed at %(due)s.") % _sla(c),
    ),
    "sla_unknown": (
        lambda c: _("Deadline not computed on complaint %(number)s") % c,
        lambda c: (
            _(
                "The %(clock)s deadline of complaint %(number)s could not be computed: no holiday "
                "schedule for %(year)s. Enter that year's schedule."
            )
            % _sla(c)
        ),
    ),
    # One of the consumer's own windows closes soon (tousu.sla.turns), to the consumer.
    "window_closing": (
        lambda c: _("Complaint %(number)s: your time to act ends soon") % c,
        lambda c: (
            _(
                "Complaint %(number)s: please %(todo)s %(due)s (%(left)s). After that the complaint "
                "goes on without your answer."
            )
            % _window(c)
        ),
    ),
    # A background job of the WeChat channel (fetch a user's photo), not a notice: no text.
    "wechat_media": (lambda c: "", lambda c: ""),
}
# A channel's own topics (e.g. the hotline's overdue callbacks) are added by ``register``.


def register(topic: str, texts: Callable[[dict], tuple[str, str]]) -> None:
    """Add a topic whose (title, body) ``texts(context)`` renders, in the channel's catalogue."""
    TOPICS[topic] = (lambda c: texts(c)[0], lambda c: texts(c)[1])


def _yuan(fen) -> str:
    return yuan(fen if isinstance(fen, int) else 0)


def _outcome(context: dict) -> dict:
    outcome = context.get("outcome", "")
    return {**context, "outcome": Outcome(outcome).label if outcome in Outcome.values else outcome}


def _sla(context: dict) -> dict:
    due = parse_datetime(context.get("due_at") or "")
    clock = context.get("clock", "")
    return {
        **context,
        "clock": Clock(clock).label if clock in Clock.values else clock,
        "due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M") if due else "—",
        "year": context.get("year") or "?",
    }


def _window(context: dict) -> dict:
    due = parse_datetime(context.get("due_at") or "")
    return {
        **context,
        "todo": TO_DO.get(context.get("clock", ""), ""),
        "due": due_local(due),
        "left": time_left(due),
    }


def render(topic: str, context: dict) -> tuple[str, str]:
    title, body = TOPICS[topic]
    return title(context), body(context)
