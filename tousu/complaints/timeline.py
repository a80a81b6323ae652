"""Turns timeline events into what a reader sees, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from tousu.accounts.models import Role, User
from tousu.complaints import workflow
from tousu.complaints.choices import Category, Channel, EventKind, ExternalBody, Priority
from tousu.complaints.models import ComplaintEvent
from tousu.complaints.templatetags.money import yuan


@dataclass(frozen=True)
class Entry:
    id: int
    at: object
    who: str
    side: str  # consumer / merchant / platform / system: drives the layout
    kind: str
    summary: str
    body: str
    internal: bool
    channel: str
    evidence: object
    shown_channel: str = ""


# The word before a member of staff's name on the timeline ("客服小王").
ROLE_WORDS = {
    Role.AGENT: pgettext_lazy("before a name", "Customer service"),
    Role.SUPERVISOR: pgettext_lazy("before a name", "Supervisor"),
    Role.ADMIN: pgettext_lazy("before a name", "Administrator"),
}


def staff_name(user: User, role: str) -> str:
    """A member of staff as readers expect: the role word and the display name ("客服小王"),
    the display name alone when it already starts with the word; never the login."""
    word = str(ROLE_WORDS.get(role, ROLE_WORDS[Role.AGENT]))
    name = user.display_name.strip()
    if not name:
        return word
    if name.startswith(word):
        return name
    return _("%(role)s %(name)s") % {"role": word, "name": name}


def _who(event: ComplaintEvent, viewer: User, complaint) -> tuple[str, str]:
    role = event.actor_role
    if event.actor is None or role == workflow.SYSTEM:
        return _("System"), "system"
    if role == Role.CONSUMER:
        return (_("You") if event.actor_id == viewer.pk else _("Consumer")), "consumer"
    if role == Role.MERCHANT:
        shop = complaint.merchant
        return (shop.shop_name if shop else _("Merchant")), "merchant"
    return staff_name(event.actor, role), "platform"


def _summary(event: ComplaintEvent, complaint, viewer: User) -> str:
    if event.kind == EventKind.FILED:
        return _("Complaint filed")
    if event.kind == EventKind.STATUS:
        step = workflow.TRANSITIONS.get(event.transition)
        status = str(workflow.Status(event.to_status).label) if event.to_status else ""
        if event.transition == "acknowledge":
            if viewer.pk == complaint.consumer_id:
                return _(
                    "Acknowledged: your complaint %(number)s is registered; we will ask the merchant "
                    "or review it ourselves and keep you informed here."
                ) % {"number": complaint.number}
            return _("Acknowledged; the consumer was told the number and the next steps.")
        label = str(step.label) if step else event.transition
        if label == status:
            return status
        return _("%(step)s → %(status)s") % {"step": label, "status": status}
    if event.kind == EventKind.MESSAGE:
        return _("Message")
    if event.kind == EventKind.NOTE:
        if event.data.get("sla") == "unknown":  # written by tousu.sla.deadlines.flag_unknown
            return _("Deadline not computed (%(clock)s): no holiday schedule for %(year)s") % {
                "clock": event.data.get("clock"),
                "year": event.data.get("year") or "?",
            }
        if event.data.get("tag"):  # tousu.automation.actions.add_tag
            return _("Tag added: %(tag)s") % {"tag": event.data["tag"]}
        if event.data.get("rule"):  # tousu.automation.engine: what follows or precedes it
            return _("Automation rule “%(name)s” applied") % {
                "name": event.data["rule"].get("name", "")
            }
        if event.data.get("refund"):  # written by tousu.adjudication.refunds.retry_now
            refund = event.data["refund"]
            return _(
                "Refund of %(amount)s sent to the payment system again now (%(n)s tries so far)"
            ) % {
                "amount": yuan(refund.get("amount_fen")),
                "n": refund.get("attempts", 0),
            }
        return _("Internal note")
    if event.kind == EventKind.EVIDENCE:
        return _("Evidence added")
    if event.kind == EventKind.ASSIGNED:
        who = event.data.get("assignee_name") or event.data.get("assignee")
        return _("Assigned to %(who)s") % {"who": who} if who else _("Returned to the queue")
    if event.kind == EventKind.TEAM:  # tousu.complaints.routing
        team = event.data.get("team")
        return _("Put in team %(team)s") % {"team": team} if team else _("Taken out of its team")
    if event.kind == EventKind.URGED:
        return _("Urged (%(count)s in all)") % {"count": event.data.get("count", 1)}
    if event.kind == EventKind.CALL:
        return _call_summary(event.data.get("call") or {})
    if event.kind == EventKind.EXTERNAL:  # tousu.escalation.actions.record_escalation
        found = event.data.get("escalation") or {}
        where = found.get("where", "")
        return _("Filed outside: %(where)s on %(date)s, case number %(case)s") % {
            "where": ExternalBody(where).label if where in ExternalBody.values else where,
            "date": found.get("filed_on", ""),
            "case": found.get("case_number") or "—",
        }
    if event.kind == EventKind.CATEGORY:  # actions.set_category
        to = event.data.get("to")
        return _("Category set to %(c)s") % {
            "c": Category(to).label if to in Category.values else to
        }
    if event.kind == EventKind.PRIORITY:
        return _("Priority set to %(p)s") % {"p": Priority(event.data.get("to")).label}
    return event.kind


def _call_summary(call: dict) -> str:
    """Events of tousu.channels.phone (webhook) and agents' call notes."""
    event = call.get("event")
    if event == "ringing":
        return _("Incoming call")
    if event == "answered":
        return _("Call answered")
    if event == "ended":
        seconds = int(call.get("duration") or 0)
        return _("Phone call, %(min)s min %(sec)s s") % {"min": seconds // 60, "sec": seconds % 60}
    if event == "recording_failed":  # tousu.channels.phone.recordings gave up
        return _("Call recording could not be downloaded: %(error)s") % {
            "error": call.get("error", "")
        }
    if event == "callback_requested":
        return _("Asked for a callback")
    if event == "callback":
        return _("Called back: %(outcome)s") % {
            "outcome": call.get("outcome_label") or call.get("outcome", "")
        }
    return _("Call notes")


def entries(complaint, events, viewer: User) -> list[Entry]:
    out = []
    for event in events:
        who, side = _who(event, viewer, complaint)
        channel = Channel(event.channel).label if event.channel in Channel.values else event.channel
        out.append(
            Entry(
                id=event.pk,
                at=event.created_at,
                who=who,
                side=side,
                kind=event.kind,
                summary=_summary(event, complaint, viewer),
                body=event.body,
                internal=event.internal,
                channel=channel,
                # "系统 · 系统" says it twice: pages show the channel only when it adds something.
                shown_channel="" if str(channel) == str(who) else channel,
                evidence=event.evidence,
            )
        )
    return out
