"""GET/POST /api/v1/complaints/{number}/messages."""

import pytest

from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.models import ComplaintEvent


def url(complaint) -> str:
    return f"/api/v1/complaints/{complaint.number}/messages"


def test_consumer_and_merchant_talk(consumer, merchant_staff, complaint, api_as):
    posted = api_as(consumer).post(url(complaint), {"body": "请尽快处理"})
    assert posted.status_code == 201
    assert posted.json()["body"] == "请尽快处理" and posted.json()["side"] == "consumer"
    assert api_as(merchant_staff).post(url(complaint), {"body": "已安排退款"}).status_code == 201
    listed = api_as(consumer).get(url(complaint)).json()
    assert [m["body"] for m in listed] == ["请尽快处理", "已安排退款"]
    assert listed[1]["who"] == "优品数码"


def test_staff_internal_note_is_hidden_from_consumer(consumer, agent, complaint, api_as):
    note = api_as(agent).post(url(complaint), {"body": "内部备注", "internal": True})
    assert note.status_code == 201 and note.json()["internal"] is True
    assert api_as(consumer).get(url(complaint)).json() == []
    assert [m["body"] for m in api_as(agent).get(url(complaint)).json()] == ["内部备注"]


def test_consumer_cannot_post_internal(consumer, complaint, api_as):
    response = api_as(consumer).post(url(complaint), {"body": "x", "internal": True})
    assert response.status_code == 409
    assert not ComplaintEvent.objects.filter(kind="note").exists()


def test_empty_message_is_422(consumer, complaint, api_as):
    response = api_as(consumer, "en").post(url(complaint), {"body": "  "})
    assert response.status_code == 422
    assert response.json()["fields"] == {"body": "The message is empty."}


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff"])
def test_someone_elses_messages_are_404(who, complaint, api_as, request):
    client = api_as(request.getfixturevalue(who))
    assert client.get(url(complaint)).status_code == 404
    response = client.post(url(complaint), {"body": "hi"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert not ComplaintEvent.objects.filter(kind="message").exists()


def test_no_messages_after_withdrawal(consumer, complaint, api_as):
    actions.transition(complaint, consumer, "withdraw", channel=Channel.WEB)
    assert api_as(consumer).post(url(complaint), {"body": "还在吗"}).status_code == 409
