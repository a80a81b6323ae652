"""Search is for platform staff: the index holds internal notes."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_as  # noqa: F401 (fixture)
from tests.search.conftest import file, found
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.search import engine, query


@pytest.fixture
def noted(consumer, agent):
    filed = file(consumer, "耳机坏了")
    actions.post_message(filed, agent, "疑似职业索赔，先核实", channel=Channel.DESK, internal=True)
    return filed


def test_staff_find_internal_notes_and_see_where_the_words_are(noted, agent):
    results = engine.search(agent, query.parse("职业索赔"), noted.__class__.objects.all())
    assert [h.complaint.number for h in results.hits] == [noted.number]
    assert results.hits[0].snippet.source == "note"


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "outsider"])
def test_nobody_else_may_search(noted, request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(engine.NotAllowed):
        found(user, "职业索赔")


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_the_api_refuses_consumers_and_merchants(noted, api_as, request, who):
    response = api_as(request.getfixturevalue(who)).get("/api/v1/search", q="职业索赔")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "索赔" not in response.content.decode()


def test_the_api_asks_for_a_token(noted, api_as):
    assert api_as(None).get("/api/v1/search", q="耳机").status_code == 401


@pytest.mark.parametrize("who", ["consumer", "merchant_staff"])
def test_the_desk_search_is_not_there_for_consumers_and_merchants(noted, client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/desk/", {"q": "职业索赔"}).status_code == 404


def test_the_api_finds_notes_for_staff(noted, api_as, agent):
    body = api_as(agent).get("/api/v1/search", q="职业索赔").json()
    assert [item["number"] for item in body["items"]] == [noted.number]
    snippet = body["items"][0]["snippet"]
    assert snippet["source"] == "note"
    start, end = snippet["marks"][0]
    assert snippet["text"][start:end] in {"职业", "索赔", "职业索赔"}
