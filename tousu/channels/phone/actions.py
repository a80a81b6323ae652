"""The phone desk's steps: each user step is one action and one transaction.

A step that writes several things — file a complaint, link the call to it and put the
agent's notes on its timeline — either happens completely or not at all: the view calls
one function here, once. The webhook's events are in ``calls`` (one transaction per
event, ``webhook.events``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts import identity, phones
from tousu.accounts.actions import create_phone_account
from tousu.accounts.models import User
from tousu.channels.phone import calls
from tousu.channels.phone.models import Call, Recording, RecordingState
from tousu.complaints import access, actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint


def _staff(agent: User) -> None:
    if not access.is_platform_staff(agent):
        raise TransitionNotAllowed()


def link(call: Call, complaint: Complaint, agent: User) -> Call:
    """The call is about ``complaint`` (inside the caller's transaction). A recording that
    waited for a complaint is now due: the worker downloads and attaches it."""
    if call.consumer_id is not None and complaint.consumer_id != call.consumer_id:
        raise TransitionNotAllowed()
    Call.objects.filter(pk=call.pk).update(complaint=complaint, agent=call.agent or agent)
    call.complaint, call.agent = complaint, call.agent or agent
    _recordings_due(call)
    return call


def _recordings_due(call: Call) -> None:
    Recording.objects.filter(call=call, state=RecordingState.WAITING).update(
        state=RecordingState.PENDING, next_attempt_at=timezone.now()
    )


def _notes(complaint: Complaint, agent: User, call: Call, text: str) -> None:
    actions.log_call(
        complaint,
        agent,
        body=text,
        data={"call": {"event": "notes", "call_id": call.call_id}},
    )


def filing_key(call: Call) -> str:
    """The idempotency key of filing on this call: a double submit files once."""
    return f"phone:{call.call_id}"


@transaction.atomic
def file_for_caller(call: Call, agent: User, draft: filing.Draft, notes: str = "") -> Complaint:
    """File a complaint on the caller's behalf (channel phone, keyed on the call so a double
    submit files once), link the call to it and put the call notes on its timeline."""
    _staff(agent)
    if call.consumer is None:
        raise TransitionNotAllowed()
    complaint, _created = filing.file_complaint(
        call.consumer, draft, channel=Channel.PHONE, idempotency_key=filing_key(call)
    )
    link(call, complaint, agent)
    _notes(complaint, agent, call, notes or _("Filed on the phone by customer service."))
    return complaint


@transaction.atomic
def add_to_complaint(
    call: Call, agent: User, complaint: Complaint, message: str, notes: str = ""
) -> filing.FollowedUp:
    """What the caller says, added to one of their complaints (``filing.follow_up``: an open
    one gets the message, a recently closed one is reopened, an older one is followed by a new
    complaint); the call is linked to where it landed, with the agent's notes."""
    _staff(agent)
    result = filing.follow_up(complaint, agent, message, channel=Channel.PHONE)
    link(call, result.complaint, agent)
    if notes.strip():
        _notes(result.complaint, agent, call, notes)
    return result


@transaction.atomic
def pick_consumer(call: Call, agent: User, consumer: User) -> Call:
    """Several accounts share the caller's number: the agent says which one is calling."""
    _staff(agent)
    if consumer.pk not in set(
        identity.consumers_with_phone(call.caller).values_list("pk", flat=True)
    ):
        raise TransitionNotAllowed()
    complaint = call.complaint or calls.latest_open_complaint(consumer)
    Call.objects.filter(pk=call.pk).update(consumer=consumer, complaint=complaint)
    call.consumer, call.complaint = consumer, complaint
    if complaint is not None:
        _recordings_due(call)
    return call


@transaction.atomic
def account_for_caller(call: Call, agent: User, display_name: str) -> User:
    """A caller without an account gets one, made explicitly by the agent, and the call is theirs."""
    _staff(agent)
    if call.consumer_id is not None or phones.try_normalise(call.caller) is None:
        raise ValidationFailed({"number": _("No account can be made for this number.")})
    consumer = create_phone_account(agent, call.caller, display_name)
    Call.objects.filter(pk=call.pk).update(consumer=consumer)
    call.consumer = consumer
    return consumer
