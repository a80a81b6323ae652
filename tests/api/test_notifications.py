"""The app's inbox: /api/v1/notifications lists, counts and marks one's own notices only."""

from __future__ import annotations

from django.utils import timezone

from tests.api.conftest import ApiClient, token_for
from tousu.notify.models import InboxMessage, Outbox


def notice(user, title: str, complaint=None) -> InboxMessage:
    outbox = Outbox.objects.create(
        medium="inbox",
        recipient=user,
        complaint=complaint,
        topic="status_changed",
        context={},
        dedupe_key=f"test:{user.pk}:{title}",
        state="sent",
        next_attempt_at=timezone.now(),
    )
    return InboxMessage.objects.create(
        user=user, complaint=complaint, title=title, body=f"{title}。", outbox=outbox
    )


def test_lists_newest_first_with_the_unread_count_and_marks_read(consumer, complaint):
    first = notice(consumer, "已受理", complaint)
    second = notice(consumer, "商家已回复", complaint)
    api = ApiClient(token_for(consumer), "en")
    listed = api.get("/api/v1/notifications").json()
    assert [n["id"] for n in listed["items"]] == [second.pk, first.pk]
    assert listed["unread"] == 2
    assert listed["items"][0]["complaint_number"] == complaint.number

    read = api.post(f"/api/v1/notifications/{first.pk}/read", {})
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert api.get("/api/v1/notifications").json()["unread"] == 1
    assert api.post("/api/v1/notifications/read", {}).json() == {"marked": 1}
    assert api.get("/api/v1/notifications").json()["unread"] == 0


def test_no_one_lists_or_marks_another_persons_notices(consumer, outsider):
    theirs = notice(consumer, "已受理")
    api = ApiClient(token_for(outsider), "en")
    assert api.get("/api/v1/notifications").json() == {
        "items": [],
        "next_cursor": None,
        "unread": 0,
    }
    refused = api.post(f"/api/v1/notifications/{theirs.pk}/read", {})
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert api.post("/api/v1/notifications/read", {}).json() == {"marked": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_bad_cursor_is_422(consumer):
    answer = ApiClient(token_for(consumer), "en").get("/api/v1/notifications", cursor="nope")
    assert answer.status_code == 422 and "cursor" in answer.json()["fields"]
