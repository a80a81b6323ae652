"""Malformed input is answered 4xx in the API's error shape, and changes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.api.test_complaints import BODY
from tousu.accounts.models import ApiToken
from tousu.api.schemas import MAX_FEN
from tousu.complaints.models import Complaint, Evidence

COMPLAINTS = "/api/v1/complaints"


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["message"]
    if field is not None:
        assert body["fields"][field]
    return body


# --- paging cursors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cursor", ["²", "١٢", "１２", "1_000", " 12", "99999999999999999999", "-1", "1" * 5000]
)
def test_complaint_cursor_must_be_plain_ascii_digits(consumer, api_as, cursor):
    response = api_as(consumer).get(COMPLAINTS, cursor=cursor)
    assert_error(response, 422, "validation_failed", "cursor")


@pytest.mark.parametrize(
    "cursor",
    [
        "²",
        "MjAyNi0xMS0yMFQxMDowMDowMCswODowMHzCsg",
        "MjAyNi0xMS0yMFQxMDowMDowMCswODowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OQ",
    ],
)
def test_order_cursor_with_odd_digits_is_refused(consumer, api_as, cursor):
    # The opaque cursor decodes to "<time>|²" and "<time>|99999999999999999999".
    response = api_as(consumer).get("/api/v1/orders", cursor=cursor)
    assert_error(response, 422, "validation_failed", "cursor")


# --- JSON strings and numbers -----------------------------------------------------------------


def test_lone_surrogate_in_the_token_username_is_refused(consumer, api_as):
    response = api_as(None).post_raw(
        "/api/v1/auth/token", '{"username": "\\ud800", "password": "x"}'
    )
    body = assert_error(response, 400, "malformed_json")
    assert "surrogate" in body["message"] or "\\uD800" in body["message"]
    assert not ApiToken.objects.exists()


def test_lone_surrogate_in_a_complaint_is_refused(consumer, order, api_as):
    body = '{"kind": "after_sales", "category": "quality", "demand": "return_refund", "description": "a\\udfffb"}'
    assert_error(api_as(consumer).post_raw(COMPLAINTS, body), 400, "malformed_json")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("field", ["description", "order_number"])
def test_a_nul_character_in_a_complaint_is_refused(consumer, order, api_as, field):
    # Valid JSON, but PostgreSQL can neither store nor look up text holding U+0000.
    response = api_as(consumer).post(COMPLAINTS, {**BODY, field: "2026\x0011200001"})
    body = assert_error(response, 400, "malformed_json")
    assert "U+0000" in body["message"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        COMPLAINTS + "/TS%00",
        "/api/v1/orders/2026%0011200001",
        "/api/v1/orders/%00/lines/1/remedies",
    ],
)
def test_a_number_with_a_nul_character_is_not_found(consumer, order, api_as, path):
    # PostgreSQL cannot compare text with U+0000: the lookup must not reach it.
    assert_error(api_as(consumer).get(path), 404, "not_found")


def test_an_idempotency_key_with_a_nul_character_is_refused(consumer, order, api_as):
    response = api_as(consumer).post(COMPLAINTS, BODY, headers={"Idempotency-Key": "retry\x001"})
    assert_error(response, 422, "validation_failed", "Idempotency-Key")
    assert not Complaint.objects.exists()


def test_a_surrogate_pair_is_text(consumer, order, api_as):
    body = {**BODY, "description": "耳机坏了 \U0001f62d"}
    response = api_as(consumer).post_raw(COMPLAINTS, json.dumps(body))  # "\ud83d\ude2d" on the wire
    assert response.status_code == 201, response.content
    assert Complaint.objects.get().description.endswith("\U0001f62d")


COMPENSATION = {
    **BODY,
    "demand": "compensation",
}  # not capped by the price, so only the API's bound stops it


@pytest.mark.parametrize("amount", [MAX_FEN + 1, 2**63, 2**64 + 1, 10**30, -1])
def test_amount_out_of_range_is_refused(consumer, order, api_as, amount):
    response = api_as(consumer).post(COMPLAINTS, {**COMPENSATION, "amount_fen": amount})
    assert_error(response, 422, "validation_failed", "amount_fen")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("amount", [0, MAX_FEN])
def test_amount_bounds_are_accepted(consumer, order, api_as, amount):
    response = api_as(consumer).post(COMPLAINTS, {**COMPENSATION, "amount_fen": amount})
    assert response.status_code == 201, response.content
    assert Complaint.objects.get().demand_amount_fen == amount


@pytest.mark.parametrize("amount", [True, False, "29900", 299.0])
def test_amount_must_be_a_json_integer(consumer, order, api_as, amount):
    response = api_as(consumer).post(COMPLAINTS, {**BODY, "amount_fen": amount})
    body = assert_error(response, 422, "validation_failed", "amount_fen")
    assert body["fields"]["amount_fen"] == "Enter a whole number."
    assert not Complaint.objects.exists()


def test_coach_amount_must_be_a_json_integer(consumer, api_as):
    response = api_as(consumer).post(
        "/api/v1/coach", {"description": "耳机坏了", "amount_fen": True}
    )
    assert_error(response, 422, "validation_failed", "amount_fen")


@pytest.mark.parametrize("field", ["item_id", "quantity"])
def test_line_numbers_beyond_64_bits_are_refused(consumer, order, api_as, field):
    line = {"item_id": order.items.first().pk, "quantity": 1} | {field: 2**63}
    response = api_as(consumer).post(COMPLAINTS, {**BODY, "lines": [line]})
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
    assert not Complaint.objects.exists()


# --- multipart --------------------------------------------------------------------------------


def test_multipart_without_boundary_is_refused(consumer, complaint, api_as):
    response = api_as(consumer).post_raw(
        f"{COMPLAINTS}/{complaint.number}/evidence",
        b"--x\r\n\r\n",
        content_type="multipart/form-data",
    )
    assert_error(response, 400, "bad_request")
    assert not Evidence.objects.exists()


def test_multipart_with_a_non_ascii_boundary_is_refused(consumer, complaint, api_as):
    response = api_as(consumer).post_raw(
        f"{COMPLAINTS}/{complaint.number}/evidence",
        b"--x\r\n\r\n",
        content_type="multipart/form-data; boundary=²",
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_request"
    assert not Evidence.objects.exists()


# --- every answer under /api/ is JSON ----------------------------------------------------------


def test_unknown_path_is_json_404(api_as, consumer):
    assert_error(api_as(consumer).get("/api/v2/nothing"), 404, "not_found")
    assert_error(api_as(None).get("/api/"), 404, "not_found")


def test_wrong_method_is_json_405(api_as, consumer):
    response = api_as(consumer).client.put("/api/v1/complaints", headers=api_as(consumer).headers)
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", [COMPLAINTS, "/api/v1/nothing", "/api/v1/complaints/TS1/withdraw"])
def test_a_session_post_without_csrf_token_gets_json(consumer, order, path):
    """A browser's session cookie is no API credential: the answer is JSON (never Django's CSRF page)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(consumer)
    response = browser.post(path, BODY, content_type="application/json")
    assert response.status_code in (401, 404)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] in ("not_authenticated", "not_found")
    assert not Complaint.objects.exists()


def test_error_messages_follow_accept_language(consumer, api_as):
    response = api_as(consumer, language="zh-hans").get(COMPLAINTS, cursor="²")
    body = assert_error(response, 422, "validation_failed", "cursor")
    assert "游标" in body["fields"]["cursor"] or "页" in body["fields"]["cursor"]
