"""POST /api/v1/complaints/{number}/urge."""

from datetime import timedelta

import time_machine
from django.utils import timezone


def url(complaint):
    return f"/api/v1/complaints/{complaint.number}/urge"


def test_urge_then_too_soon_with_retry_at(consumer, complaint, api_as):
    start = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    client = api_as(consumer)
    with time_machine.travel(start, tick=False):
        first = client.post(url(complaint))
        second = client.post(url(complaint))
    assert first.status_code == 200 and first.json()["urge_count"] == 1
    assert second.status_code == 429
    body = second.json()
    assert body["code"] == "urge_too_soon"
    assert body["fields"]["retry_at"] == timezone.localtime(start + timedelta(hours=24)).isoformat()
    assert int(second["Retry-After"]) == 24 * 3600


def test_outsider_gets_404(outsider, complaint, api_as):
    assert api_as(outsider).post(url(complaint)).status_code == 404
    complaint.refresh_from_db()
    assert complaint.urge_count == 0


def test_merchant_cannot_urge(merchant_staff, complaint, api_as):
    assert api_as(merchant_staff).post(url(complaint)).status_code == 409
