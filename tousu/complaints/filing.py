"""Filing a complaint, whatever the channel, and the follow-up that may file a new one.

``file_complaint`` validates the draft and checks its files before any write, then files
in one transaction: number, complaint, order lines, the ``filed`` event, evidence, the
idempotency record and, for the online channels, the system's acknowledgement. The steps
on a complaint once filed are ``tousu.complaints.actions``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import actions, duplicates, events, quotas, workflow
from tousu.complaints import evidence as evidence_rules
from tousu.complaints import lines as complaint_lines
from tousu.complaints.access import is_consumer_of, is_platform_staff, order_of
from tousu.complaints.choices import (
    AMOUNT_DEMANDS,
    Category,
    Channel,
    Demand,
    EventKind,
    Kind,
    Priority,
)
from tousu.complaints.errors import (
    ComplaintError,
    DuplicateOpenComplaint,
    IdempotencyConflict,
    OrderNotFound,
    TransitionNotAllowed,
    ValidationFailed,
)
from tousu.complaints.files import CheckedFile, check_upload
from tousu.complaints.models import Complaint, IdempotencyKey
from tousu.complaints.numbering import next_number, taken_apart
from tousu.complaints.uploads import put_file, store_evidence
from tousu.orders.models import Order


@dataclass(frozen=True)
class Draft:
    """What a consumer submits, whatever the channel."""

    kind: str
    category: str
    demand: str
    description: str
    order_number: str = ""
    amount_fen: int | None = None
    # The order lines concerned: (order item id, quantity). Empty: the whole order.
    lines: tuple[tuple[int, int], ...] = ()

    def fingerprint(self, channel: str) -> str:
        payload = json.dumps(
            {**asdict(self), "channel": channel}, sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def _validate(consumer: User, draft: Draft):
    errors: dict[str, str] = {}
    description = draft.description.strip()
    if not description:
        errors["description"] = _("Please describe what happened.")
    elif len(description) > settings.TOUSU_DESCRIPTION_MAX_CHARS:
        errors["description"] = _("Please keep the description under %(n)s characters.") % {
            "n": settings.TOUSU_DESCRIPTION_MAX_CHARS
        }
    for field, choices in (("kind", Kind), ("category", Category), ("demand", Demand)):
        if getattr(draft, field) not in choices.values:
            errors[field] = _("Please choose a valid option.")
    order = None
    if draft.order_number:
        order = order_of(consumer, draft.order_number)
        if order is None:
            raise OrderNotFound(field="order")
        # No cut-off by age: an old order gets a notice (complaint_lines.is_old) and the agent decides.
    elif draft.kind == Kind.AFTER_SALES:
        errors["order"] = _("An after-sales request needs an order.")
    picked, problem = complaint_lines.choose(order, draft.lines)
    if problem:
        errors["lines"] = problem
    amount = draft.amount_fen
    if amount is not None and amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    elif amount is None and draft.demand in AMOUNT_DEMANDS:
        errors["amount"] = _("Please enter the amount you ask for.")
    elif too_much := complaint_lines.refund_above_paid(order, picked, draft.demand, amount):
        errors["amount"] = too_much
    if errors:
        raise ValidationFailed(errors)
    return order, description, picked


@dataclass(frozen=True)
class _Checked:
    """A draft that passed validation, with its order, lines and uploads read and checked."""

    order: Order | None
    description: str
    picked: list
    uploads: list[CheckedFile]
    stored: list[
        str
    ]  # each upload's name in the evidence storage (``tousu.complaints.uploads.put_file``)
    snapshot: dict | None  # the order as it is now (read before SQLite's write lock is taken)


def file_complaint(
    consumer: User,
    draft: Draft,
    *,
    channel: str,
    idempotency_key: str = "",
    uploads=(),
    follows: Complaint | None = None,
    refuse_duplicate: bool = False,
) -> tuple[Complaint, bool]:
    """File a complaint. Returns ``(complaint, created)``.

    With ``refuse_duplicate``, an open complaint of the consumer's about the same order
    line (``duplicates.open_for_lines``) refuses the filing (``DuplicateOpenComplaint``,
    with that complaint and the sentence every channel shows); a retry is not refused.

    With an ``idempotency_key`` a retry of the same request returns the complaint the
    first attempt created; reusing the key for a different request is refused. Through
    the consumer's own channels the account's filing limits apply (``quotas.check_filing``,
    ``FilingLimitReached``); a retry is answered before they are counted, so it is never
    refused by them, and a refusal writes nothing.

    The draft is validated and its uploads read and stored before the transaction begins:
    they only read, and on SQLite the transaction holds the database's one write lock; the
    evidence storage may be a bucket across the network (``tousu.complaints.uploads.put_file``).
    """
    fingerprint = draft.fingerprint(channel)
    try:
        order, description, picked = _validate(consumer, draft)
        if refuse_duplicate:
            _refuse_duplicate(consumer, order, draft)
        audio = evidence_rules.may_attach_audio(consumer, channel)
        files = [check_upload(u, audio=audio) for u in uploads]
        stored = [put_file(f) for f in files]
        snapshot = order.snapshot() if order else None
        checked = _Checked(order, description, picked, files, stored, snapshot)
    except ComplaintError:
        # A retry is answered with the first attempt's complaint even if its draft no
        # longer passes (the order was, say, removed since).
        previous = idempotency_key and _replayed(consumer, idempotency_key, fingerprint)
        if previous:
            return previous, False
        raise
    number = next_number() if taken_apart() else ""
    return _file(consumer, draft, checked, number, channel, idempotency_key, fingerprint, follows)


@transaction.atomic
def _file(
    consumer: User,
    draft: Draft,
    checked: _Checked,
    number: str,
    channel: str,
    idempotency_key: str,
    fingerprint: str,
    follows: Complaint | None,
) -> tuple[Complaint, bool]:
    limited = quotas.filing_is_limited(channel)
    if limited:
        # Before the replay check: a concurrent retry then finds the first attempt's key.
        quotas.lock_account(consumer)
    if idempotency_key:
        previous = _replayed(consumer, idempotency_key, fingerprint)
        if previous:
            return previous, False
    if limited:
        quotas.check_filing(consumer, channel, timezone.now())
    order, description, picked = checked.order, checked.description, checked.picked
    complaint = Complaint.objects.create(
        number=number or next_number(),
        consumer=consumer,
        order=order,
        merchant=order.merchant if order else None,
        order_snapshot=checked.snapshot,
        channel=channel,
        kind=draft.kind,
        category=draft.category,
        demand=draft.demand,
        demand_amount_fen=draft.amount_fen,
        description=description,
        priority=Priority.HIGH if draft.category == "food_safety" else Priority.NORMAL,
        follows=follows,
    )
    complaint_lines.keep(complaint, picked)
    actions.record(
        complaint,
        EventKind.FILED,
        consumer,
        channel,
        to_status=complaint.status,
        body=description,
        data={"lines": complaint_lines.as_data(picked)} if picked else {},
    )
    for item, name in zip(checked.uploads, checked.stored):
        store_evidence(complaint, consumer, item, name, channel=channel)
    if idempotency_key:
        _remember(consumer, idempotency_key, fingerprint, complaint)
    filed = events.StatusChanged(complaint, None, complaint.status, complaint.created_at)
    if channel in settings.TOUSU_AUTO_ACKNOWLEDGE_CHANNELS:
        acknowledged = actions.apply_step(
            complaint,
            None,
            workflow.TRANSITIONS["acknowledge"],
            channel=Channel.SYSTEM,
            note="",
            publish=False,
        )
        filed = replace(acknowledged, old=None, via=((filed.new, filed.at),))
    # One StatusChanged for the filing's steps: the deadlines are computed once, for the
    # whole way (tousu.sla.deadlines.start_filed).
    events.publish(filed)
    return complaint, True


def _refuse_duplicate(consumer: User, order: Order | None, draft: Draft) -> None:
    # No look at the Idempotency-Key here: when a duplicate is found, file_complaint asks
    # whether the request is a retry before it refuses.
    items = [item_id for item_id, _quantity in draft.lines]
    existing = duplicates.open_for_lines(consumer, order, items)
    if existing is not None and order is not None:
        raise DuplicateOpenComplaint(existing, duplicates.warning(existing, order, items))


def _replayed(consumer: User, key: str, fingerprint: str) -> Complaint | None:
    # Four columns in plain SQL, not the row with its complaint: nearly every key is new.
    entry = next(iter(IdempotencyKey.objects.raw(_KEY_SQL, [consumer.pk, key])), None)
    if entry is None:
        return None
    if entry.created_at < timezone.now() - timedelta(hours=settings.TOUSU_IDEMPOTENCY_TTL_HOURS):
        IdempotencyKey.objects.filter(pk=entry.pk).delete()  # expired: it may be used afresh
        return None
    if entry.fingerprint != fingerprint:
        raise IdempotencyConflict()
    return Complaint.objects.get(pk=entry.complaint_id)


_KEY_SQL = (
    "SELECT id, fingerprint, created_at, complaint_id "  # noqa: S608
    f'FROM {IdempotencyKey._meta.db_table} WHERE user_id = %s AND "key" = %s'
)


def _remember(consumer: User, key: str, fingerprint: str, complaint: Complaint) -> None:
    try:
        # No savepoint: the conflict undoes the whole filing anyway.
        with transaction.atomic(savepoint=False):
            IdempotencyKey.objects.create(
                user=consumer, key=key, fingerprint=fingerprint, complaint=complaint
            )
    except IntegrityError:
        # A concurrent request with the same key committed first: undo this filing and
        # let the caller retry, which then finds the winner.
        raise IdempotencyConflict(
            _("The same request is already being processed. Please retry.")
        ) from None


@dataclass(frozen=True)
class FollowedUp:
    complaint: Complaint  # where the message landed: the same complaint, or a new one following it
    outcome: str  # "message", "reopened" or "new"


@transaction.atomic
def follow_up(complaint: Complaint, author: User, body: str, *, channel: str) -> FollowedUp:
    """A new message about a complaint, from whichever channel the consumer uses now.

    Open: added to its conversation. Closed within ``TOUSU_REOPEN_WINDOW_DAYS``: reopened
    with the message as the reason. Closed longer ago: a new complaint about the same order
    that ``follows`` the old one. Withdrawn, not accepted or escalated: refused, as before.
    The consumer writes for themselves; platform staff write on their behalf (phone desk).
    """
    complaint = actions.lock(complaint)
    if not is_consumer_of(author, complaint) and not is_platform_staff(author):
        raise TransitionNotAllowed(_("You cannot write on this complaint."))
    body = body.strip()
    if not body:
        raise ValidationFailed({"body": _("The message is empty.")})
    if complaint.is_open:
        actions.post_message(complaint, author, body, channel=channel)
        return FollowedUp(complaint, "message")
    if complaint.status != workflow.Status.CLOSED:
        # Withdrawn, not accepted or escalated: ended on purpose, not continued by a message.
        raise TransitionNotAllowed(
            _("This complaint is finished; messages can no longer be added.")
        )
    window = timedelta(days=settings.TOUSU_REOPEN_WINDOW_DAYS)
    if complaint.closed_at and timezone.now() - complaint.closed_at <= window:
        actions.transition(complaint, author, "reopen", channel=channel, note=body)
        return FollowedUp(complaint, "reopened")
    draft = Draft(
        kind=Kind.COMPLAINT,
        category=complaint.category,
        demand=complaint.demand,
        description=body,
        order_number=complaint.order.number if complaint.order_id else "",
        amount_fen=complaint.demand_amount_fen,
    )
    try:
        with transaction.atomic():
            new, _created = file_complaint(
                complaint.consumer, draft, channel=channel, follows=complaint
            )
    except (ValidationFailed, OrderNotFound):
        # The order can no longer be complained about (too old): the matter still can.
        draft = Draft(
            kind=Kind.COMPLAINT, category=complaint.category, demand=Demand.OTHER, description=body
        )
        new, _created = file_complaint(
            complaint.consumer, draft, channel=channel, follows=complaint
        )
    return FollowedUp(new, "new")
