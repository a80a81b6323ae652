"""The consumer's own steps through the API: the same actions, rules and errors as the portal.

Each step answers the complaint's detail; a step the state does not allow is 409, someone
else's complaint 404, a bad field 422 keyed by the request's field name. The detail shows
the consumer the merchant's answer, the decision, where to send the goods and by when.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.steps import take
from tousu.adjudication import negotiation, reported
from tousu.adjudication.models import Feedback
from tousu.adjudication.refunds import send_refunds
from tousu.complaints.workflow import Status

SH = ZoneInfo("Asia/Shanghai")
BASE = "/api/v1/complaints"


@pytest.fixture
def offered(complaint, agent, merchant_staff):
    """The merchant offers a ¥30 partial refund instead of the demanded return and refund."""
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        merchant_staff,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=3000, reason="部分退款"),
    )
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def agreed(complaint, agent, merchant_staff, shop):
    """The merchant agrees to the return and refund; its contact receives the parcel."""
    shop.contact_name, shop.contact_phone = "王店长", "021-5555 0000"
    shop.save()
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_agree")
    return complaint


def test_the_consumer_accepts_an_offer_and_sees_it(api_as, consumer, offered):
    url = f"{BASE}/{offered.number}/offer/accept"
    response = api_as(consumer, "en").post(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] != Status.MERCHANT_OFFERED
    offer = body["resolution"]["offer"]
    assert offer["answer"] == "offer" and offer["remedy"] == "partial_refund"
    assert offer["amount_fen"] == 3000 and offer["amount_yuan"] == "30.00"
    assert offer["reply"] == "accepted"
    # Accepted once: a second accept is not possible now.
    again = api_as(consumer, "en").post(url)
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"


def test_someone_elses_complaint_is_not_found_and_staff_cannot_accept_for_the_consumer(
    api_as, outsider, merchant_staff, other_merchant_staff, offered
):
    url = f"{BASE}/{offered.number}/offer/accept"
    assert api_as(outsider).post(url).json()["code"] == "not_found"
    assert api_as(other_merchant_staff).post(url).status_code == 404
    refused = api_as(merchant_staff).post(url)
    assert refused.status_code == 409 and refused.json()["code"] == "transition_not_allowed"
    offered.refresh_from_db()
    assert offered.status == Status.MERCHANT_OFFERED
    # Merchant staff see no consumer resolution block.
    detail = api_as(merchant_staff).get(f"{BASE}/{offered.number}").json()
    assert detail["resolution"] is None


def test_rejecting_needs_a_reason_keyed_by_the_request_field(api_as, consumer, offered, settings):
    url = f"{BASE}/{offered.number}/offer/reject"
    empty = api_as(consumer, "en").post(url, {"reason": "  "})
    assert empty.status_code == 422
    assert empty.json()["fields"] == {"reason": "Please give a reason."}
    missing = api_as(consumer, "en").post(url, {})
    assert missing.status_code == 422 and "reason" in missing.json()["fields"]
    # The action posts the reason as a message: its length error names `reason`, not `body`.
    too_long = api_as(consumer, "en").post(
        url, {"reason": "长" * (settings.TOUSU_MESSAGE_MAX_CHARS + 1)}
    )
    assert too_long.status_code == 422 and list(too_long.json()["fields"]) == ["reason"]
    ok = api_as(consumer, "en").post(url, {"reason": "只退 30 元不够"})
    assert ok.status_code == 200
    assert ok.json()["resolution"]["offer"]["reply"] == "rejected"
    assert ok.json()["status"] == Status.MERCHANT_OFFERED  # still with the merchant


def test_asking_for_intervention_hands_it_to_the_platform(api_as, consumer, offered, settings):
    url = f"{BASE}/{offered.number}/intervention"
    too_long = api_as(consumer).post(url, {"reason": "长" * (settings.TOUSU_MESSAGE_MAX_CHARS + 1)})
    assert too_long.status_code == 422 and list(too_long.json()["fields"]) == ["reason"]
    response = api_as(consumer).post(
        f"{BASE}/{offered.number}/intervention", {"reason": "商家只愿意退一半"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == Status.INTERVENTION


def test_intervention_is_refused_before_the_merchant_answered(api_as, consumer, complaint):
    response = api_as(consumer).post(f"{BASE}/{complaint.number}/intervention", {"reason": "快点"})
    assert response.status_code == 409


def test_return_address_recipient_and_deadline_then_the_tracking_number(api_as, consumer, agreed):
    moment = datetime(2026, 11, 20, 10, 0, tzinfo=SH)
    with time_machine.travel(moment, tick=False):
        detail = api_as(consumer, "en").post(f"{BASE}/{agreed.number}/offer/accept").json()
        assert detail["status"] == Status.AWAITING_RETURN
        shipment = detail["resolution"]["return_shipment"]
        assert shipment["address"] == "上海市浦东新区张江路 88 号"
        assert shipment["recipient"] == "王店长" and shipment["phone"] == "021-5555 0000"
        assert shipment["shipping_paid_by"] == "merchant"  # a quality problem
        deadline = shipment["deadline"]
        assert deadline["clock"] == "return_shipment" and deadline["overdue"] is False
        assert deadline["due_at"].endswith("+08:00") and deadline["time_left"]
        url = f"{BASE}/{agreed.number}/return"
        bad = api_as(consumer, "en").post(url, {"carrier": "顺丰速运", "tracking_number": "12"})
        assert bad.status_code == 422 and list(bad.json()["fields"]) == ["tracking_number"]
        too_long = api_as(consumer).post(url, {"carrier": "x" * 41, "tracking_number": "SF123456"})
        assert too_long.status_code == 422 and list(too_long.json()["fields"]) == ["carrier"]
        sent = api_as(consumer).post(
            url, {"carrier": "顺丰速运", "tracking_number": "sf1234567890"}
        )
    assert sent.status_code == 200
    body = sent.json()
    assert body["status"] == Status.RETURN_SHIPPED
    shipment = body["resolution"]["return_shipment"]
    assert (shipment["carrier"], shipment["tracking_number"]) == ("顺丰速运", "SF1234567890")
    assert shipment["deadline"]["clock"] == "return_receipt"  # now the merchant's turn
    # Not twice.
    assert api_as(consumer).post(url, {"tracking_number": "SF1234567890"}).status_code == 409


def test_the_decision_with_its_amounts_and_grounds(api_as, consumer, offered, agent):
    take(offered, consumer, "request_intervention")
    take(offered, agent, "decide", "耳机确有质量问题，全额退款。")
    resolution = api_as(consumer).get(f"{BASE}/{offered.number}").json()["resolution"]
    decision = resolution["decision"]
    assert decision["outcome"] == "full"
    assert decision["refund_fen"] == 29900 and decision["refund_yuan"] == "299.00"
    assert decision["grounds"] == "耳机确有质量问题，全额退款。"
    assert decision["return_required"] is False and decision["shipping_paid_by"] is None
    assert resolution["refunds"][0]["amount_fen"] == 29900


def _to_confirmation(complaint, consumer):
    take(complaint, consumer, "accept_offer")  # the ¥30 refund is sent at once
    send_refunds()
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING_CONFIRMATION
    return complaint


def test_rating_has_no_default_stars_and_confirms_the_outcome(api_as, consumer, offered):
    waiting = _to_confirmation(offered, consumer)
    url = f"{BASE}/{waiting.number}/rating"
    missing = api_as(consumer, "en").post(url, {"accepted": True})
    assert missing.status_code == 422
    assert {"attitude", "speed", "overall"} <= set(missing.json()["fields"])
    zero = api_as(consumer).post(url, {"attitude": 0, "speed": 5, "overall": 6, "accepted": True})
    assert set(zero.json()["fields"]) == {"attitude", "overall"}
    text = api_as(consumer).post(url, {"attitude": "5", "speed": 5, "overall": 5, "accepted": True})
    assert text.status_code == 422 and "attitude" in text.json()["fields"]
    assert not Feedback.objects.exists()
    ok = api_as(consumer).post(
        url, {"attitude": 5, "speed": 4, "overall": 5, "comment": "很快", "accepted": True}
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == Status.CLOSED
    assert ok.json()["resolution"]["rating"] == {
        "attitude": 5,
        "speed": 4,
        "overall": 5,
        "comment": "很快",
        "accepted": True,
        "options_left": [],
    }
    again = api_as(consumer).post(url, {"attitude": 1, "speed": 1, "overall": 1, "accepted": True})
    assert again.status_code == 409


def test_not_accepting_the_outcome_lists_the_options_left(api_as, consumer, offered):
    waiting = _to_confirmation(offered, consumer)
    response = api_as(consumer, "en").post(
        f"{BASE}/{waiting.number}/rating",
        {"attitude": 2, "speed": 2, "overall": 1, "accepted": False},
    )
    assert response.status_code == 200
    assert response.json()["status"] == Status.CLOSED  # closed, recorded as not accepted
    rating = response.json()["resolution"]["rating"]
    assert rating["accepted"] is False and len(rating["options_left"]) == 3


def test_rating_too_early_is_refused(api_as, consumer, offered):
    response = api_as(consumer).post(
        f"{BASE}/{offered.number}/rating",
        {"attitude": 5, "speed": 5, "overall": 5, "accepted": True},
    )
    assert response.status_code == 409 and response.json()["code"] == "transition_not_allowed"


@pytest.fixture
def reported_refund(settings, offered, consumer, merchant_staff):
    """The merchant pays outside the platform and reports the ¥30 refund paid."""
    settings.TOUSU_REFUND_MODE = "merchant_reported"
    negotiation.accept_offer(offered, consumer, channel="web")
    reported.report_paid(offered, merchant_staff, reference="ZFB2026120100001", amount_fen=3000)
    offered.refresh_from_db()
    assert offered.status == Status.REFUND_REPORTED
    return offered


def test_the_consumer_confirms_a_reported_refund(api_as, consumer, outsider, reported_refund):
    url = f"{BASE}/{reported_refund.number}/refund/received"
    detail = api_as(consumer).get(f"{BASE}/{reported_refund.number}").json()
    assert detail["resolution"]["refunds"][0]["reference"] == "ZFB2026120100001"
    assert detail["resolution"]["refund_deadline"]["clock"] == "refund_confirmation"
    assert api_as(outsider).post(url).status_code == 404
    response = api_as(consumer).post(url)
    assert response.status_code == 200
    assert response.json()["status"] == Status.WAITING_CONFIRMATION
    assert response.json()["resolution"]["refunds"][0]["state"] == "refunded"


def test_the_consumer_disputes_a_reported_refund(api_as, consumer, reported_refund):
    url = f"{BASE}/{reported_refund.number}/refund/not-received"
    empty = api_as(consumer).post(url, {"reason": ""})
    assert empty.status_code == 422 and list(empty.json()["fields"]) == ["reason"]
    response = api_as(consumer).post(url, {"reason": "没有收到这笔转账"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.INTERVENTION
    assert response.json()["resolution"]["refunds"][0]["state"] == "disputed"


def test_refund_answers_are_refused_without_a_reported_refund(api_as, consumer, offered):
    response = api_as(consumer).post(f"{BASE}/{offered.number}/refund/received")
    assert response.status_code == 409
