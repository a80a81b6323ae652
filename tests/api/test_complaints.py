"""GET/POST /api/v1/complaints, GET /api/v1/complaints/{number}, POST …/withdraw."""

import pytest
from django.test import override_settings

from tests.conftest import draft, make_order
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint

URL = "/api/v1/complaints"
BODY = {
    "kind": "after_sales",
    "category": "quality",
    "demand": "return_refund",
    "description": "耳机左耳没有声音。",
    "order_number": "202611200001",
    "amount_fen": 29900,
}


def test_file_complaint(consumer, order, api_as):
    response = api_as(consumer).post(URL, BODY)
    assert response.status_code == 201
    body = response.json()
    filed = Complaint.objects.get()
    assert body["number"] == filed.number
    assert filed.channel == "app" and filed.consumer == consumer and filed.order == order
    assert body["status"] == "acknowledged" and body["status_label"]
    assert (
        body["kind"] == "after_sales"
        and body["category"] == "quality"
        and body["demand"] == "return_refund"
    )
    assert body["amount_fen"] == 29900 and body["amount_yuan"] == "299.00"
    assert body["order_number"] == "202611200001" and body["merchant"] == "优品数码"
    assert body["created_at"].endswith("+08:00")


@pytest.mark.parametrize("who", ["merchant_staff", "agent"])
def test_only_consumers_file_complaints(who, api_as, request):
    response = api_as(request.getfixturevalue(who)).post(URL, {**BODY, "order_number": ""})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Complaint.objects.exists()


def test_idempotency_key_retry_returns_same_complaint(consumer, order, api_as):
    client = api_as(consumer)
    first = client.post(URL, BODY, headers={"Idempotency-Key": "retry-1"})
    again = client.post(URL, BODY, headers={"Idempotency-Key": "retry-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    assert Complaint.objects.count() == 1


def test_idempotency_key_with_different_body_is_409(consumer, order, api_as):
    client = api_as(consumer)
    client.post(URL, BODY, headers={"Idempotency-Key": "k"})
    response = client.post(
        URL, {**BODY, "description": "换个说法"}, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert Complaint.objects.count() == 1


def test_complaint_on_someone_elses_order_is_404_and_creates_nothing(
    consumer, outsider_order, api_as
):
    response = api_as(consumer).post(URL, {**BODY, "order_number": outsider_order.number})
    assert response.status_code == 404
    assert response.json()["code"] == "order_not_found"
    assert not Complaint.objects.exists()


def test_empty_description_is_422_and_creates_nothing(consumer, order, api_as):
    response = api_as(consumer, "en").post(URL, {**BODY, "description": "   "})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["fields"] == {"description": "Please describe what happened."}
    assert not Complaint.objects.exists()


def test_domain_field_names_follow_the_json(consumer, order, api_as):
    response = api_as(consumer).post(URL, {**BODY, "amount_fen": 99999999})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"amount_fen"}


def test_schema_errors_are_422_per_field(consumer, api_as):
    response = api_as(consumer, "en").post(URL, {"kind": "complaint", "amount_fen": "lots"})
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields["category"] == "This field is required."
    assert fields["amount_fen"] == "Enter a whole number."
    assert not Complaint.objects.exists()


def test_malformed_json_is_400(consumer, api_as):
    response = api_as(consumer, "en").post_raw(URL, b'{"kind": "complaint",')
    assert response.status_code == 400
    assert response.json() == {
        "code": "malformed_json",
        "message": "The request body is not valid JSON.",
    }


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_json_body_is_413(consumer, api_as):
    response = api_as(consumer).post(URL, {**BODY, "description": "长" * 2000})
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_list_shows_only_mine_newest_first(consumer, outsider, order, outsider_order, api_as):
    mine = [
        filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)[0]
        for _ in range(2)
    ]
    filing.file_complaint(outsider, draft(outsider_order.number), channel=Channel.WEB)
    response = api_as(consumer).get(URL)
    assert response.status_code == 200
    assert [c["number"] for c in response.json()["items"]] == [mine[1].number, mine[0].number]
    assert response.json()["next_cursor"] is None


@override_settings(TOUSU_QUEUE_PAGE_SIZE=2)
def test_list_keyset_pagination(consumer, order, api_as):
    filed = [
        filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)[0]
        for _ in range(5)
    ]
    client = api_as(consumer)
    seen, cursor = [], None
    while True:
        page = client.get(URL, **({"cursor": cursor} if cursor else {})).json()
        seen += [c["number"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [c.number for c in reversed(filed)]
    assert client.get(URL, cursor="abc").status_code == 422


def test_list_query_count_does_not_grow(consumer, order, api_as, django_assert_max_num_queries):
    for _ in range(5):
        filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    client = api_as(consumer)
    with django_assert_max_num_queries(4):
        assert len(client.get(URL).json()["items"]) == 5


def test_detail_shows_status_actions_and_timeline(consumer, complaint, api_as):
    body = api_as(consumer).get(f"{URL}/{complaint.number}").json()
    assert body["number"] == complaint.number and body["status"] == "acknowledged"
    assert "withdraw" in [a["name"] for a in body["actions"]]
    assert [e["kind"] for e in body["timeline"]] == ["filed", "status"]


def test_detail_hides_internal_notes_from_consumer_and_merchant(
    consumer, merchant_staff, agent, complaint, api_as
):
    actions.post_message(
        complaint, agent, "内部：商家历史投诉较多", channel=Channel.DESK, internal=True
    )
    for viewer in (consumer, merchant_staff):
        timeline = api_as(viewer).get(f"{URL}/{complaint.number}").json()["timeline"]
        assert all(not e["internal"] and "内部" not in e["body"] for e in timeline)
    staff_view = api_as(agent).get(f"{URL}/{complaint.number}").json()["timeline"]
    assert any(e["internal"] for e in staff_view)


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff"])
def test_detail_of_someone_elses_complaint_is_404(who, complaint, api_as, request):
    response = api_as(request.getfixturevalue(who)).get(f"{URL}/{complaint.number}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_detail_of_missing_complaint_is_the_same_404(consumer, api_as):
    response = api_as(consumer).get(f"{URL}/TS000000000")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_merchant_staff_sees_their_shops_complaint(merchant_staff, complaint, api_as):
    assert api_as(merchant_staff).get(f"{URL}/{complaint.number}").status_code == 200
    assert [c["number"] for c in api_as(merchant_staff).get(URL).json()["items"]] == [
        complaint.number
    ]


def test_withdraw(consumer, complaint, api_as):
    response = api_as(consumer).post(
        f"{URL}/{complaint.number}/withdraw", {"note": "已和商家协商解决"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    complaint.refresh_from_db()
    assert complaint.status == "withdrawn"


def test_withdraw_without_body(consumer, complaint, api_as):
    assert api_as(consumer).post_raw(f"{URL}/{complaint.number}/withdraw", b"").status_code == 200


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff"])
def test_withdraw_someone_elses_complaint_is_404(who, complaint, api_as, request):
    response = api_as(request.getfixturevalue(who)).post(f"{URL}/{complaint.number}/withdraw")
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"


def test_merchant_cannot_withdraw(merchant_staff, complaint, api_as):
    response = api_as(merchant_staff).post(f"{URL}/{complaint.number}/withdraw")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_withdraw_twice_is_409(consumer, complaint, api_as):
    client = api_as(consumer)
    client.post(f"{URL}/{complaint.number}/withdraw")
    assert client.post(f"{URL}/{complaint.number}/withdraw").status_code == 409


def test_errors_in_english_on_request(consumer, complaint, api_as):
    api_as(consumer).post(f"{URL}/{complaint.number}/withdraw")
    english = api_as(consumer, "en").post(f"{URL}/{complaint.number}/withdraw")
    assert english.json()["message"] == "This step is not possible for this complaint now."
    assert english["Content-Language"] == "en"


def test_file_complaint_without_order(consumer, api_as, shop):
    make_order(consumer, shop, "X1")
    response = api_as(consumer).post(
        URL,
        {
            "kind": "complaint",
            "category": "service",
            "demand": "apology",
            "description": "客服不回复。",
        },
    )
    assert response.status_code == 201
    assert response.json()["order_number"] is None


def test_a_second_complaint_on_the_same_line_is_409_unless_confirmed(consumer, order, api_as):
    client = api_as(consumer)
    first = client.post(URL, BODY).json()["number"]
    again = client.post(URL, BODY)
    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "duplicate_open_complaint"
    assert body["fields"] == {"complaint_number": first}
    assert first in body["message"] and "无线蓝牙耳机" in body["message"]
    assert Complaint.objects.count() == 1
    confirmed = client.post(URL, {**BODY, "confirm_new": True})
    assert confirmed.status_code == 201 and Complaint.objects.count() == 2


def test_a_retry_under_the_same_key_is_not_a_duplicate(consumer, order, api_as):
    client = api_as(consumer)
    first = client.post(URL, BODY, headers={"Idempotency-Key": "dup-1"})
    again = client.post(URL, BODY, headers={"Idempotency-Key": "dup-1"})
    assert (first.status_code, again.status_code) == (201, 200)


def test_another_consumers_complaint_is_not_a_duplicate(
    consumer, outsider, order, outsider_order, api_as
):
    api_as(outsider).post(URL, {**BODY, "order_number": outsider_order.number})
    assert api_as(consumer).post(URL, BODY).status_code == 201
