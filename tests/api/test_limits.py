"""429 from the account's filing and urging limits: the error shape, retry_at and Retry-After."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.conftest import draft
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


@pytest.fixture
def start():
    return (timezone.now() + timedelta(hours=1)).replace(microsecond=0)


@pytest.fixture
def limits(settings):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 2
    settings.TOUSU_FILING_LIMIT_PER_DAY = 10
    settings.TOUSU_URGE_LIMIT_PER_DAY = 1
    return settings


def post(client: ApiClient, at, key: str, description: str = "耳机左耳没有声音。"):
    with time_machine.travel(at, tick=False):
        return client.post(
            URL,
            {**BODY, "description": description, "confirm_new": True},
            headers={"Idempotency-Key": key},
        )


def test_over_the_limit_is_429_with_retry_at_and_retry_after(
    consumer, order, api_as, limits, start
):
    client = api_as(consumer, "en")
    assert post(client, start, "a", "第一次").status_code == 201
    assert post(client, start + timedelta(minutes=20), "b", "第二次").status_code == 201
    refused = post(client, start + timedelta(minutes=30), "c", "第三次")
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "filing_limit_reached"
    assert body["fields"]["retry_at"] == timezone.localtime(start + timedelta(hours=1)).isoformat()
    assert "in the past hour" in body["message"]
    assert int(refused["Retry-After"]) == 30 * 60
    assert Complaint.objects.count() == 2
    # The retry of a request that was filed is answered, not refused.
    again = post(client, start + timedelta(minutes=31), "a", "第一次")
    assert again.status_code == 200
    # Once the first filing leaves the hour, the refused request goes through.
    assert post(client, start + timedelta(hours=1), "c", "第三次").status_code == 201


def test_the_message_is_chinese_by_default(consumer, order, api_as, limits, start, chinese_default):
    client = api_as(consumer)  # no Accept-Language: the platform language
    post(client, start, "a", "第一次")
    post(client, start, "b", "第二次")
    refused = post(client, start, "c", "第三次")
    assert refused.status_code == 429
    assert "小时" in refused.json()["message"] and refused["Content-Language"] == "zh-hans"


def test_another_account_files_meanwhile(consumer, order, outsider, api_as, limits, start):
    client = api_as(consumer)
    for key in ("a", "b"):
        post(client, start, key, f"第 {key} 次")
    assert post(client, start, "c", "第三次").status_code == 429
    with time_machine.travel(start, tick=False):
        response = api_as(outsider).post(
            URL,
            {
                "kind": "complaint",
                "category": "service",
                "demand": "apology",
                "description": "客服不回复。",
            },
        )
    assert response.status_code == 201


def test_a_follow_up_that_starts_a_new_complaint_counts(consumer, order, api_as, limits, start):
    with time_machine.travel(start - timedelta(days=30), tick=False):
        old, _ = filing.file_complaint(consumer, draft(), channel=Channel.WEB)
    Complaint.objects.filter(pk=old.pk).update(
        status="closed", closed_at=start - timedelta(days=29)
    )
    client = api_as(consumer)
    post(client, start, "a", "第一次")
    post(client, start, "b", "第二次")
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        response = client.post(f"{URL}/{old.number}/messages", {"body": "又坏了"})
    assert response.status_code == 429 and response.json()["code"] == "filing_limit_reached"
    assert "Retry-After" in response
    assert Complaint.objects.count() == 3


def test_urges_past_the_account_limit_are_429(consumer, order, api_as, limits, start):
    with time_machine.travel(start - timedelta(hours=1), tick=False):
        first, _ = filing.file_complaint(consumer, draft(), channel=Channel.WEB)
        second, _ = filing.file_complaint(
            consumer, draft(description="另一件"), channel=Channel.WEB
        )
    client = api_as(consumer)
    with time_machine.travel(start, tick=False):
        assert client.post(f"{URL}/{first.number}/urge").status_code == 200
        refused = client.post(f"{URL}/{second.number}/urge")
    assert refused.status_code == 429
    assert refused.json()["code"] == "urge_limit_reached"
    assert (
        refused.json()["fields"]["retry_at"]
        == timezone.localtime(start + timedelta(days=1)).isoformat()
    )
    assert int(refused["Retry-After"]) == 24 * 3600


def test_openapi_documents_429_with_retry_after(db):
    paths = ApiClient().get("/api/openapi.json").json()["paths"]
    for path, method in [
        ("/api/v1/complaints", "post"),
        ("/api/v1/complaints/{number}/urge", "post"),
        ("/api/v1/complaints/{number}/messages", "post"),
        ("/api/v1/auth/token", "post"),
    ]:
        answer = paths[path][method]["responses"]["429"]
        assert answer["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
        assert answer["headers"]["Retry-After"]["required"] is True, path
