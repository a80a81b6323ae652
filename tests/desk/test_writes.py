"""Replies, notes, transitions, assignment and priority from the workbench."""

from __future__ import annotations

from django.urls import reverse

from tousu.complaints.access import timeline_for
from tousu.complaints.choices import EventKind
from tousu.complaints.workflow import Status


def post(client, name: str, complaint, data: dict, **headers):
    return client.post(reverse(name, args=[complaint.number]), data, **headers)


def bodies(user, complaint) -> list[str]:
    return [e.body for e in timeline_for(user, complaint)]


def test_public_reply_reaches_the_consumer(agent_client, complaint, consumer):
    response = post(
        agent_client, "desk:reply", complaint, {"body": "我们已联系商家。", "visibility": "public"}
    )
    assert response.status_code == 302 and response.url == reverse(
        "desk:detail", args=[complaint.number]
    )
    assert "我们已联系商家。" in bodies(consumer, complaint)


def test_internal_note_stays_internal(agent_client, complaint, consumer, merchant_staff, agent):
    post(agent_client, "desk:reply", complaint, {"body": "疑似职业索赔", "visibility": "internal"})
    assert "疑似职业索赔" in bodies(agent, complaint)
    assert "疑似职业索赔" not in bodies(consumer, complaint)
    assert "疑似职业索赔" not in bodies(merchant_staff, complaint)
    assert complaint.events.get(body="疑似职业索赔").kind == EventKind.NOTE


def test_htmx_reply_returns_the_timeline(agent_client, complaint):
    response = post(
        agent_client,
        "desk:reply",
        complaint,
        {"body": "好的", "visibility": "public"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert (
        response.status_code == 200
        and html.startswith('<section id="conversation"')
        and "好的" in html
    )


def test_empty_reply_keeps_page_and_writes_nothing(agent_client, complaint):
    before = complaint.events.count()
    response = post(agent_client, "desk:reply", complaint, {"body": "  ", "visibility": "public"})
    assert response.status_code == 422
    assert complaint.events.count() == before
    htmx = post(
        agent_client,
        "desk:reply",
        complaint,
        {"body": "", "visibility": "internal"},
        HTTP_HX_REQUEST="true",
    )
    assert htmx.status_code == 200 and "errorlist" in htmx.content.decode()


def test_transition(agent_client, complaint):
    response = post(agent_client, "desk:transition", complaint, {"name": "forward_to_merchant"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.WAITING_MERCHANT


def test_invalid_transition_shows_error_and_keeps_status(agent_client, complaint):
    before = complaint.events.count()
    response = post(agent_client, "desk:transition", complaint, {"name": "decide", "note": "x"})
    assert response.status_code == 409
    assert "not possible" in response.content.decode()
    response = post(agent_client, "desk:transition", complaint, {"name": "merchant_agree"})
    assert response.status_code == 409
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED and complaint.events.count() == before


def test_transition_needing_a_note_refuses_without_one(agent_client, complaint):
    response = post(agent_client, "desk:transition", complaint, {"name": "not_accept", "note": " "})
    assert response.status_code == 422 and "Please give a reason." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED
    post(agent_client, "desk:transition", complaint, {"name": "not_accept", "note": "非消费纠纷"})
    complaint.refresh_from_db()
    assert complaint.status == Status.NOT_ACCEPTED


def test_assign_to_me_other_and_unassign(agent_client, complaint, agent, supervisor, consumer):
    post(agent_client, "desk:assign", complaint, {"assignee": "mine"})
    complaint.refresh_from_db()
    assert complaint.assignee == agent
    post(agent_client, "desk:assign", complaint, {"assignee": str(supervisor.pk)})
    complaint.refresh_from_db()
    assert complaint.assignee == supervisor
    post(agent_client, "desk:assign", complaint, {"assignee": "none"})
    complaint.refresh_from_db()
    assert complaint.assignee is None
    assert complaint.events.filter(kind=EventKind.ASSIGNED).count() == 3


def test_cannot_assign_to_a_consumer(agent_client, complaint, consumer):
    response = post(agent_client, "desk:assign", complaint, {"assignee": str(consumer.pk)})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.assignee is None


def test_priority(agent_client, complaint):
    post(agent_client, "desk:priority", complaint, {"priority": "4"})
    complaint.refresh_from_db()
    assert complaint.priority == 4
    assert post(agent_client, "desk:priority", complaint, {"priority": "9"}).status_code == 400
    complaint.refresh_from_db()
    assert complaint.priority == 4


def test_category(agent_client, complaint, agent):
    assert complaint.category != "food_safety"
    page = post(agent_client, "desk:category", complaint, {"category": "food_safety"}, follow=True)
    assert "Category updated." in page.content.decode()
    complaint.refresh_from_db()
    assert complaint.category == "food_safety"
    assert complaint.events.filter(kind=EventKind.CATEGORY, actor=agent, internal=True).exists()
    assert post(agent_client, "desk:category", complaint, {"category": "nope"}).status_code == 400
    complaint.refresh_from_db()
    assert complaint.category == "food_safety"
