"""Filing a complaint through the action, whatever the channel."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import draft, photo
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import (
    EvidenceRejected,
    IdempotencyConflict,
    OrderNotFound,
    ValidationFailed,
)
from tousu.complaints.models import Complaint, ComplaintEvent, Evidence
from tousu.complaints.workflow import Status


def test_online_filing_is_numbered_snapshotted_and_acknowledged(consumer, order):
    complaint, created = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)

    assert created
    assert complaint.number.startswith("TS") and len(complaint.number) == 16
    assert complaint.merchant == order.merchant
    assert complaint.order_snapshot["items"][0]["product_name"] == "无线蓝牙耳机"
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.acknowledged_at is not None
    kinds = list(complaint.events.values_list("kind", "to_status"))
    assert kinds == [(EventKind.FILED, Status.RECEIVED), (EventKind.STATUS, Status.ACKNOWLEDGED)]


def test_phone_filing_waits_for_an_agent_to_acknowledge(consumer, order):
    complaint, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.PHONE)
    assert complaint.status == Status.RECEIVED


def test_numbers_follow_each_other_within_a_day(consumer, order):
    first, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    second, _ = filing.file_complaint(
        consumer, draft(order.number, description="又坏了"), channel=Channel.WEB
    )
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert second.number[:10] == first.number[:10]


def test_another_consumers_order_is_not_found_and_nothing_is_written(consumer, outsider_order):
    with pytest.raises(OrderNotFound):
        filing.file_complaint(consumer, draft(outsider_order.number), channel=Channel.WEB)
    assert not Complaint.objects.exists()
    assert not ComplaintEvent.objects.exists()


def test_unknown_order_is_not_found(consumer, order):
    with pytest.raises(OrderNotFound):
        filing.file_complaint(consumer, draft("NO-SUCH-ORDER"), channel=Channel.WEB)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"description": "   "}, "description"),
        ({"demand": "free_money"}, "demand"),
        ({"amount_fen": 29901}, "amount"),
        ({"amount_fen": -1}, "amount"),
        ({"amount_fen": None}, "amount"),
        ({"kind": "after_sales", "order_number": ""}, "order"),
    ],
)
def test_bad_drafts_are_refused_field_by_field(consumer, order, overrides, field):
    values = {"order_number": order.number, **overrides}
    with pytest.raises(ValidationFailed) as error:
        filing.file_complaint(consumer, draft(**values), channel=Channel.WEB)
    assert field in error.value.errors
    assert not Complaint.objects.exists()


def test_compensation_may_exceed_the_price(consumer, order):
    # Refund plus three times (Consumer Protection Law Art. 55) is more than was paid.
    complaint, _ = filing.file_complaint(
        consumer, draft(order.number, demand="compensation", amount_fen=89700), channel=Channel.WEB
    )
    assert complaint.demand_amount_fen == 89700


def test_complaint_about_customer_service_needs_no_order(consumer):
    complaint, _ = filing.file_complaint(
        consumer,
        draft("", kind="complaint", category="service", demand="apology", amount_fen=None),
        channel=Channel.APP,
    )
    assert complaint.order is None and complaint.merchant is None


def test_idempotent_retry_returns_the_first_complaint(consumer, order):
    first, created = filing.file_complaint(
        consumer, draft(order.number), channel=Channel.APP, idempotency_key="k1"
    )
    again, created_again = filing.file_complaint(
        consumer, draft(order.number), channel=Channel.APP, idempotency_key="k1"
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Complaint.objects.count() == 1


def test_idempotency_key_reused_for_another_request_is_refused(consumer, order):
    filing.file_complaint(consumer, draft(order.number), channel=Channel.APP, idempotency_key="k1")
    with pytest.raises(IdempotencyConflict):
        filing.file_complaint(
            consumer,
            draft(order.number, description="别的"),
            channel=Channel.APP,
            idempotency_key="k1",
        )
    assert Complaint.objects.count() == 1


def test_idempotency_keys_belong_to_one_user(consumer, outsider, order, outsider_order):
    mine, _ = filing.file_complaint(
        consumer, draft(order.number), channel=Channel.APP, idempotency_key="same"
    )
    theirs, _ = filing.file_complaint(
        outsider, draft(outsider_order.number), channel=Channel.APP, idempotency_key="same"
    )
    assert mine.pk != theirs.pk


def test_evidence_with_the_filing_is_hashed_and_on_the_timeline(consumer, order):
    complaint, _ = filing.file_complaint(
        consumer, draft(order.number), channel=Channel.WEB, uploads=[photo()]
    )
    evidence = complaint.evidence.get()
    assert len(evidence.sha256) == 64 and evidence.media_type == "image"
    assert evidence.uploaded_by == consumer
    assert complaint.events.filter(kind=EventKind.EVIDENCE, evidence=evidence).exists()


def test_bad_evidence_rejects_the_whole_filing(consumer, order):
    exe = SimpleUploadedFile("cat.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    with pytest.raises(EvidenceRejected):
        filing.file_complaint(
            consumer, draft(order.number), channel=Channel.WEB, uploads=[photo(), exe]
        )
    assert not Complaint.objects.exists()
    assert not Evidence.objects.exists()
