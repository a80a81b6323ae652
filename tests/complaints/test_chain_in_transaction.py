"""The chain head a transaction wrote (or locked) is carried in memory to its next event,
and forgotten with the transaction or with a savepoint rolled back (chain.known_head)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.conftest import draft
from tousu.complaints import actions, chain, filing
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.models import Complaint, ComplaintEvent

HEAD_READ = 'SELECT "complaints_complaint"."chain_head"'


def head_reads(queries) -> int:
    return sum(q["sql"].startswith(HEAD_READ) for q in queries.captured_queries)


def note(complaint: Complaint, body: str) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint_id=complaint.pk,
        kind=EventKind.NOTE,
        actor=None,
        actor_role="system",
        channel=Channel.SYSTEM,
        internal=True,
        body=body,
    )


def verified(complaint: Complaint) -> bool:
    complaint.refresh_from_db()
    report = chain.verify_chain(complaint)
    return report.ok and report.head == complaint.chain_head


@pytest.mark.django_db
def test_a_filing_chains_its_events_without_reading_the_head(consumer, order):
    with CaptureQueriesContext(connection) as queries:
        complaint, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    assert head_reads(queries) == 0
    assert [e.kind for e in complaint.events.order_by("id")] == [EventKind.FILED, EventKind.STATUS]
    assert verified(complaint)


@pytest.mark.django_db
def test_an_action_after_lock_does_not_read_the_head(complaint, consumer):
    with CaptureQueriesContext(connection) as queries:
        actions.post_message(complaint, consumer, "还没有回复吗？", channel=Channel.WEB)
    assert head_reads(queries) == 0
    assert verified(complaint)


@pytest.mark.django_db
def test_an_event_rolled_back_with_its_savepoint_is_not_chained_to(complaint):
    with transaction.atomic():
        note(complaint, "一")
        try:
            with transaction.atomic():
                note(complaint, "撤回的")  # its head is remembered inside the savepoint
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        note(complaint, "二")  # must follow "一", not the rolled-back event
    assert not complaint.events.filter(body="撤回的").exists()
    assert verified(complaint)


@pytest.mark.django_db
def test_an_event_of_a_released_savepoint_is_chained_to_without_a_read(complaint):
    with transaction.atomic():
        with transaction.atomic():
            note(complaint, "一")
        with CaptureQueriesContext(connection) as queries:
            note(complaint, "二")
    assert head_reads(queries) == 0
    assert verified(complaint)


@pytest.mark.django_db(transaction=True)
def test_the_head_is_read_again_in_the_next_transaction(consumer, order):
    complaint, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    with transaction.atomic():
        note(complaint, "一")
    # Another process appends meanwhile: the head in the database moves on.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_complaint SET chain_head = %s WHERE id = %s",
            ["f" * 64, complaint.pk],
        )
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            after = note(complaint, "二")
    assert head_reads(queries) == 1
    assert after.prev_hash == "f" * 64


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_remembered(complaint):
    chain.head_is(complaint.pk, "not the head")
    assert chain.known_head(complaint.pk) is None
