"""The desk's incident pages: list, detail, the workbench badge, handling together."""

import pytest
from django.urls import reverse

from tests.portal.conftest import client_for
from tousu.complaints import actions
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.models import ComplaintEvent
from tousu.complaints.workflow import Status
from tousu.incidents.grouping import group
from tousu.incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(crowd):
    group(100)
    return Incident.objects.get()


def test_agents_see_the_list_and_the_detail_with_each_status(agent, incident, crowd):
    client = client_for(agent)
    listing = client.get(reverse("desk:incidents")).content.decode()
    assert incident.title in listing
    page = client.get(reverse("desk:incident", args=[incident.pk])).content.decode()
    for complaint in crowd:
        assert complaint.number in page
    assert "Acknowledged" in page and "Handle together" in page


def test_the_workbench_shows_the_badge(agent, incident, crowd):
    page = client_for(agent).get(reverse("desk:detail", args=[crowd[0].number])).content.decode()
    assert reverse("desk:incident", args=[incident.pk]) in page and "data-incident" in page


def test_one_reply_to_each(agent, incident, crowd):
    url = reverse("desk:incident_together", args=[incident.pk])
    response = client_for(agent).post(url, {"action": "reply", "body": "我们已联系商家统一处理。"})
    assert response.status_code == 200
    for complaint in crowd:
        assert ComplaintEvent.objects.filter(
            complaint=complaint, kind=EventKind.MESSAGE, body="我们已联系商家统一处理。"
        ).exists()


def test_one_step_on_each_with_a_refusal(agent, incident, crowd):
    actions.transition(crowd[0], agent, "forward_to_merchant", channel=Channel.DESK)
    url = reverse("desk:incident_together", args=[incident.pk])
    response = client_for(agent).post(url, {"action": "step", "step": "forward_to_merchant"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Done for 2 complaints" in page and "Refused for 1 complaint" in page
    assert crowd[0].number in page
    for complaint in crowd:
        complaint.refresh_from_db()
        assert complaint.status == Status.WAITING_MERCHANT


def test_a_structured_or_unknown_step_is_refused_whole(agent, incident, crowd):
    url = reverse("desk:incident_together", args=[incident.pk])
    for step in ("merchant_agree", "nonsense"):
        response = client_for(agent).post(url, {"action": "step", "step": step})
        assert response.status_code == 400
    assert client_for(agent).post(url, {"action": "reply", "body": " "}).status_code == 400


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_consumers_and_merchants_never_reach_the_desk_pages(who, incident, request):
    client = client_for(request.getfixturevalue(who))
    for url in (reverse("desk:incidents"), reverse("desk:incident", args=[incident.pk])):
        assert client.get(url).status_code in (302, 404)
    together = reverse("desk:incident_together", args=[incident.pk])
    assert client.post(together, {"action": "reply", "body": "x"}).status_code in (302, 404)
    assert not ComplaintEvent.objects.filter(kind=EventKind.MESSAGE, body="x").exists()


def test_closing_leaves_the_complaints_as_they_are(agent, incident, crowd, consumer):
    assert client_for(consumer).post(
        reverse("desk:incident_close", args=[incident.pk])
    ).status_code in (302, 404)
    incident.refresh_from_db()
    assert incident.state == "open"  # a consumer cannot close it
    response = client_for(agent).post(reverse("desk:incident_close", args=[incident.pk]))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.state == "closed"
    assert all(c.is_open for c in incident.complaints.all())
