"""The agent's intervention page and the consumer's dispute steps."""

import pytest
from django.urls import reverse

from tests.conftest import photo
from tests.portal.conftest import client_for
from tousu.adjudication import negotiation
from tousu.adjudication.models import Decision
from tousu.adjudication.refunds import send_refunds
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint


@pytest.fixture
def intervening(complaint, agent, consumer, merchant_staff):
    uploads.add_evidence(complaint, consumer, photo("坏耳机.png", (1, 1, 1)), channel=Channel.WEB)
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    uploads.add_evidence(
        complaint, merchant_staff, photo("发货记录.png", (2, 2, 2)), channel=Channel.WEB
    )
    negotiation.respond(complaint, merchant_staff, negotiation.Reply("reject", reason="发货正常"))
    negotiation.reject_offer(complaint, consumer, "请介入", ask_platform=True)
    return complaint


def test_evidence_side_by_side_with_hashes_and_suggestions(intervening, agent):
    html = (
        client_for(agent)
        .get(reverse("adjudication:intervention", args=[intervening.number]))
        .content.decode()
    )
    consumer_part, merchant_part = html.split("side-merchant")
    assert "坏耳机.png" in consumer_part and "发货记录.png" in merchant_part
    for ev in intervening.evidence.all():
        assert ev.sha256[:12] in html
    assert "Return of defective goods" in html or "三包" in html  # the calculator's suggestions
    assert "Art. 24" in html


def test_only_platform_staff(intervening, consumer, merchant_staff, other_merchant_staff):
    url = reverse("adjudication:intervention", args=[intervening.number])
    for user in (consumer, merchant_staff, other_merchant_staff):
        assert client_for(user).get(url).status_code == 404
        assert (
            client_for(user)
            .post(
                reverse("adjudication:decide", args=[intervening.number]),
                {"outcome": "rejected", "grounds": "x"},
            )
            .status_code
            == 404
        )


def test_evidence_request_then_decision_through_the_forms(intervening, agent):
    desk = client_for(agent)
    assert (
        desk.post(
            reverse("adjudication:request_evidence", args=[intervening.number]),
            {"party": "both", "note": "请双方补充"},
        ).status_code
        == 302
    )
    assert Complaint.objects.get(pk=intervening.pk).status == "waiting_evidence"
    actions.transition(intervening, agent, "evidence_complete", channel=Channel.DESK)
    refused = desk.post(
        reverse("adjudication:decide", args=[intervening.number]),
        {
            "outcome": "full",
            "refund": "29.90",
            "return_required": "on",
            "penalty": "none",
            "grounds": "质量问题",
        },
    )
    assert refused.status_code == 422 and "return shipping" in refused.content.decode()
    ok = desk.post(
        reverse("adjudication:decide", args=[intervening.number]),
        {
            "outcome": "full",
            "refund": "299.00",
            "return_required": "on",
            "shipping_paid_by": "merchant",
            "penalty": "deposit",
            "penalty_amount": "1000",
            "grounds": "质量问题",
        },
    )
    assert ok.status_code == 302
    decision = Decision.objects.get(complaint=intervening)
    assert (decision.refund_fen, decision.penalty_fen) == (29_900, 100_000)


def test_consumer_answers_the_offer_and_rates(complaint, agent, consumer, merchant_staff, outsider):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=5000),
    )
    url = reverse("adjudication:answer_offer", args=[complaint.number])
    assert client_for(outsider).post(url, {"choice": "accept"}).status_code == 404
    html = (
        client_for(consumer)
        .get(reverse("portal:complaint", args=[complaint.number]))
        .content.decode()
    )
    assert "¥50.00" in html and 'value="accept"' in html
    client_for(consumer).post(url, {"choice": "accept"})
    send_refunds()  # the worker
    assert Complaint.objects.get(pk=complaint.pk).status == "waiting_confirmation"
    client_for(consumer).post(
        reverse("adjudication:rate", args=[complaint.number]),
        {"attitude": "3", "speed": "2", "overall": "2", "accepted": "no", "comment": "不满意"},
    )
    html = (
        client_for(consumer)
        .get(reverse("portal:complaint", args=[complaint.number]))
        .content.decode()
    )
    assert Complaint.objects.get(pk=complaint.pk).status == "closed"
    assert "12315" in html and "Black Cat" in html
