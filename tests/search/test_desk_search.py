"""The search box on the queue page: filters, paging, excerpts, odd input."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_as  # noqa: F401 (fixture)
from tests.conftest import make_order
from tests.search.conftest import file, found
from tousu.complaints import actions
from tousu.complaints.choices import Channel

ODD = [
    '"',
    '"*^():-',
    "退款 AND OR NOT",
    "NEAR(退款 发货)",
    "col:退款",
    "退款*",
    "'; DROP TABLE search_document; --",
    "\\",
    "!!!",
    "．，。",
    "0",
    "-1",
]


def numbers(response) -> list[str]:
    return [hit.complaint.number for hit in response.context["results"].hits]


def test_the_queue_page_has_the_search_box(agent_client):
    page = agent_client.get("/desk/").content.decode()
    assert 'type="search" name="q"' in page


def test_results_are_ranked_with_highlighted_excerpts(agent_client, consumer):
    file(consumer, "商家迟迟不发货，太慢了")
    response = agent_client.get("/desk/", {"q": "发货太慢"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>发货</mark>" in page and "<mark>太慢</mark>" in page


def test_the_excerpt_is_escaped(agent_client, consumer, agent):
    filed = file(consumer, '<script>alert("x")</script>退款<img src=x onerror=alert(1)>')
    actions.post_message(filed, agent, "<b>退款</b>处理中", channel=Channel.DESK)
    page = agent_client.get("/desk/", {"q": "退款"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>" not in page
    assert "&lt;/script&gt;<mark>退款</mark>&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<mark>退款</mark>" in page


def test_the_queue_filters_narrow_the_search(agent_client, consumer):
    kept = file(consumer, "申请退款")
    closed = file(consumer, "申请退款被拒")
    actions.transition(closed, consumer, "withdraw", channel=Channel.WEB)
    assert numbers(agent_client.get("/desk/", {"q": "退款"})) == [kept.number]  # open only
    got = numbers(agent_client.get("/desk/", {"q": "退款", "status": "any"}))
    assert set(got) == {kept.number, closed.number}
    got = numbers(agent_client.get("/desk/", {"q": "退款", "status": "withdrawn"}))
    assert got == [closed.number]


def test_pages_follow_each_other_without_gaps_or_repeats(agent_client, consumer, settings):
    settings.TOUSU_QUEUE_PAGE_SIZE = 2
    filed = {file(consumer, "退款" * n + "，说明").number for n in range(1, 6)}
    seen, params = [], {"q": "退款"}
    while True:
        response = agent_client.get("/desk/", params)
        seen += numbers(response)
        cursor = response.context["results"].next_cursor
        if not cursor:
            break
        params = {"q": "退款", "after": cursor}
    assert len(seen) == len(set(seen)) == 5 and set(seen) == filed


def test_a_bad_cursor_shows_the_first_page_answered_400(agent_client, consumer):
    filed = file(consumer, "申请退款")
    response = agent_client.get("/desk/", {"q": "退款", "after": "x.1"})
    assert response.status_code == 400
    assert numbers(response) == [filed.number]


def test_a_common_word_ranks_the_newest_matches_and_says_so(agent_client, consumer, settings):
    settings.TOUSU_SEARCH_RANK_WINDOW = 3
    filed = [file(consumer, f"申请退款 第{n}次") for n in range(5)]
    response = agent_client.get("/desk/", {"q": "退款"})
    assert set(numbers(response)) == {c.number for c in filed[-3:]}
    assert response.context["results"].window_full
    assert "best of the newest 3" in response.content.decode()


@pytest.mark.parametrize("typed", ODD)
def test_odd_queries_answer_without_error(agent_client, consumer, typed):
    file(consumer, "申请退款")
    assert agent_client.get("/desk/", {"q": typed}).status_code == 200


@pytest.mark.parametrize(
    "raw", ["%ED%A0%80%E9%80%80%E6%AC%BE", "%FF%FE", "%00", "%E9%80%80%ED%BF%BF"]
)
def test_undecodable_bytes_and_lone_surrogates_answer_without_error(
    agent_client, api_as, agent, raw
):
    assert agent_client.get(f"/desk/?q={raw}").status_code == 200
    assert (
        api_as(agent)
        .client.get(f"/api/v1/search?q={raw}", headers=api_as(agent).headers)
        .status_code
        == 200
    )


@pytest.mark.parametrize("typed", ["\ud800退款", "退\udfff款", "\udfff"])
def test_lone_surrogates_are_dropped_from_the_query(consumer, agent, typed):
    filed = file(consumer, "申请退款")
    assert found(agent, typed) == ([] if typed == "\udfff" else [filed.number])


def test_a_too_long_query_is_refused_with_a_message(agent_client, settings):
    response = agent_client.get("/desk/", {"q": "退" * (settings.TOUSU_SEARCH_MAX_QUERY_CHARS + 1)})
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()


def test_an_empty_query_is_the_queue(agent_client, consumer):
    file(consumer, "申请退款")
    response = agent_client.get("/desk/", {"q": "   "})
    assert response.status_code == 200 and "page" in response.context


@pytest.mark.parametrize("typed", ODD + [""])
def test_odd_queries_answer_the_api_without_error(api_as, agent, consumer, typed):
    file(consumer, "申请退款")
    response = api_as(agent).get("/api/v1/search", q=typed)
    assert response.status_code == 200
    assert "items" in response.json()


def test_the_api_refuses_a_too_long_query_and_a_bad_cursor(api_as, agent):
    client = api_as(agent)
    response = client.get("/api/v1/search", q="退" * 101)
    assert response.status_code == 422 and "q" in response.json()["fields"]
    response = client.get("/api/v1/search", q="退款", cursor="1.x")
    assert response.status_code == 422 and "cursor" in response.json()["fields"]


def test_the_api_pages_by_cursor(api_as, agent, consumer, settings):
    settings.TOUSU_QUEUE_PAGE_SIZE = 2
    filed = {file(consumer, "退款" * n).number for n in range(1, 4)}
    client = api_as(agent)
    first = client.get("/api/v1/search", q="退款").json()
    second = client.get("/api/v1/search", q="退款", cursor=first["next_cursor"]).json()
    assert second["next_cursor"] is None
    got = [i["number"] for i in first["items"] + second["items"]]
    assert set(got) == filed and len(got) == 3
    assert first["items"][0]["consumer_phone_masked"] == "138****1234"


def test_the_shop_filter_narrows_the_search(agent_client, consumer, shop, other_shop, order):
    make_order(consumer, other_shop, "202611200777")
    mine = file(consumer, "申请退款", order_number=order.number)
    theirs = file(consumer, "申请退款", order_number="202611200777")
    file(consumer, "申请退款")  # no shop
    got = numbers(agent_client.get("/desk/", {"q": "退款", "shop": shop.external_id}))
    assert got == [mine.number]
    got = numbers(agent_client.get("/desk/", {"q": "退款", "shop": other_shop.shop_name}))
    assert got == [theirs.number]
