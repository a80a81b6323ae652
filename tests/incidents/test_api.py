"""Incidents in the API: platform staff list them and read one with its complaints; the
parties (and a complaint's own consumer) are refused, and nothing about them is revealed."""

import pytest

from tests.api.conftest import api_as  # noqa: F401  (fixture)
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.incidents.grouping import group
from tousu.incidents.models import Incident

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents"


@pytest.fixture
def incident(crowd):
    group(100)
    return Incident.objects.get()


def test_staff_list_incidents_with_their_counts(agent, incident, crowd, api_as):
    actions.transition(crowd[0], agent, "close", channel=Channel.DESK, note="已解决")
    listed = api_as(agent).get(URL)
    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert (item["id"], item["state"], item["complaints"], item["still_open"]) == (
        incident.pk,
        "open",
        3,
        2,
    )
    assert item["shop"]["shop_name"] == incident.merchant.shop_name
    assert api_as(agent).get(URL, state="closed").json()["items"] == []


def test_one_incident_lists_its_complaints(agent, incident, crowd, api_as):
    found = api_as(agent).get(f"{URL}/{incident.pk}").json()
    assert sorted(m["number"] for m in found["members"]) == sorted(c.number for c in crowd)
    assert {m["status"] for m in found["members"]} == {crowd[0].status}
    assert api_as(agent).get(f"{URL}/999999").status_code == 404


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_parties_are_refused(who, incident, crowd, api_as, request):
    client = api_as(request.getfixturevalue(who))
    for path in (URL, f"{URL}/{incident.pk}", f"{URL}/999999"):
        response = client.get(path)
        assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_a_crowd_member_is_refused_too(incident, crowd, api_as):
    assert api_as(crowd[0].consumer).get(URL).status_code == 403


def test_bad_filters_are_422(agent, incident, api_as):
    assert api_as(agent).get(URL, state="maybe").status_code == 422
    assert api_as(agent).get(URL, cursor="nonsense").status_code == 422
