"""One keyset helper for every list (tousu.keyset): cursors that never break a page, every row
exactly once forwards and backwards through ties and NULLs, and no COUNT(*) on any list page."""

from __future__ import annotations

from datetime import datetime
from datetime import timezone as tz
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_order
from tests.portal.conftest import client_for
from tests.sla.sla_helpers import at, file_at, step
from tousu import keyset
from tousu.complaints.models import Complaint
from tousu.merchant_center.views import DEADLINE_FIRST, with_next_deadline
from tousu.portal.views.complaints import RECENTLY_UPDATED

MOMENT = datetime(2026, 11, 20, 2, 0, 0, 123456, tzinfo=tz.utc)


# --- cursors -----------------------------------------------------------------------------------


def test_a_cursor_carries_integers_moments_and_nulls_exactly():
    class Row:
        next_due, created_at, id = None, MOMENT, 10452

    cursor = keyset.encode(Row, DEADLINE_FIRST)
    assert cursor == f".{(MOMENT - keyset.EPOCH) // keyset.MICROSECOND}.10452"
    assert keyset.decode(cursor, DEADLINE_FIRST) == (None, MOMENT, 10452)
    assert keyset.decode("3.10452", keyset.by_id("p", "p", "priority")) == (3, 10452)


@pytest.mark.parametrize(
    "raw",
    ["", "²", "١٢.1", "１２.1", "1_0.1", " 1.1", "-1.1", "1e5.1", "1..1", "...", "1.2.3.4",
     "9223372036854775808.1", "9223372036854775807.1", "1" * 5000],
)  # fmt: skip
def test_a_cursor_that_does_not_parse_is_refused(raw):
    assert keyset.decode(raw, RECENTLY_UPDATED) is None  # (moment, id): "9…807" is past 9999
    assert keyset.decode(raw, keyset.NEWEST) is None or raw.isdigit()


def test_a_null_is_only_allowed_where_the_key_may_be_null():
    assert keyset.decode(".5", RECENTLY_UPDATED) is None
    assert keyset.decode("..5", DEADLINE_FIRST) is None  # created_at is never NULL


# --- walking lists -----------------------------------------------------------------------------


def _walk(client, url: str, params: dict, rel: str = "next") -> list[list[str]]:
    """Follow the rendered links as a browser would; the numbers on each page."""
    pages, query = [], dict(params)
    for _ in range(50):
        response = client.get(url, query)
        assert response.status_code == 200
        pages.append([row.number for row in response.context["page"].rows])
        html = response.content.decode()
        if f'rel="{rel}" href="' not in html:
            return pages
        href = html.split(f'rel="{rel}" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        query = {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}
        for key, value in params.items():
            if key not in ("after", "before"):
                assert query[key] == value  # the list's own parameters survive paging
    raise AssertionError("paging did not end")


def test_my_complaints_walk_every_row_once_both_ways_through_ties(consumer, order, settings):
    settings.TOUSU_LIST_PAGE_SIZE = 3
    filed = [file_at(consumer, at(2026, 11, 20, 10 + i // 3), order) for i in range(10)]
    expected = [c.number for c in sorted(filed, key=lambda c: (c.updated_at, c.pk), reverse=True)]
    client = client_for(consumer)
    url = reverse("portal:my_complaints")
    forward = _walk(client, url, {})
    assert [n for page in forward for n in page] == expected
    assert [len(page) for page in forward] == [3, 3, 3, 1]
    last = client.get(url).context["page"]
    for _ in forward[1:]:
        last = client.get(url, {"after": last.next_cursor}).context["page"]
    assert last.next_cursor is None and last.previous_cursor
    back = _walk(client, url, {"before": last.previous_cursor}, "prev")
    assert back == forward[-2::-1]
    assert client.get(url, {"before": last.previous_cursor}).context["page"].rows


def test_the_merchant_list_pages_by_deadline_with_nulls_last(
    consumer, order, agent, merchant_staff, settings, no_filing_limits
):
    settings.TOUSU_LIST_PAGE_SIZE = 2
    waiting = []
    for i in range(5):  # forwarded at two moments: ties on the deadline and on the filing time
        complaint = file_at(consumer, at(2026, 11, 20, 9), order)
        step(complaint, agent, "forward_to_merchant", at(2026, 11, 20, 10 + i % 2))
        waiting.append(complaint)
    idle = [file_at(consumer, at(2026, 11, 20, 9 + i % 2), order) for i in range(4)]
    rows = list(with_next_deadline(Complaint.objects.all()))
    by_due = sorted(
        rows,
        key=lambda c: (c.next_due is None, c.next_due or MOMENT, -c.created_at.timestamp(), -c.pk),
    )
    assert {c.pk for c in by_due[:5]} == {c.pk for c in waiting} and by_due[-1].next_due is None
    expected = [c.number for c in by_due]
    assert len(expected) == len(waiting) + len(idle)
    client = client_for(merchant_staff)
    url = reverse("merchant_center:complaints")
    forward = _walk(client, url, {"show": "all"})
    assert [n for page in forward for n in page] == expected
    last = client.get(url, {"show": "all"}).context["page"]
    for _ in forward[1:]:
        last = client.get(url, {"show": "all", "after": last.next_cursor}).context["page"]
    back = _walk(client, url, {"show": "all", "before": last.previous_cursor}, "prev")
    assert back == forward[-2::-1]


@pytest.mark.parametrize("name", ["portal:my_complaints", "portal:my_orders"])
@pytest.mark.parametrize("raw", ["²", "1.2.3", "9223372036854775808.1"])
def test_a_bad_page_link_shows_the_first_page(consumer, complaint, name, raw):
    as_consumer = client_for(consumer)
    for param in ("after", "before"):
        response = as_consumer.get(reverse(name), {param: raw})
        assert response.status_code == 400 and response.context["page"].is_first
        assert response.context["page"].rows
        assert "That page link is no longer valid" in response.content.decode()


def test_a_bad_page_link_on_the_merchant_list(merchant_staff, complaint):
    as_merchant = client_for(merchant_staff)
    response = as_merchant.get(reverse("merchant_center:complaints"), {"show": "all", "after": "²"})
    assert response.status_code == 400 and complaint.number in response.content.decode()


# --- no COUNT(*) -------------------------------------------------------------------------------


def _sql_of(client, url: str, params: dict | None = None) -> tuple[str, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return " ".join(q["sql"].upper() for q in captured.captured_queries), response


def test_no_list_page_counts(consumer, order, shop, merchant_staff, agent, settings):
    as_consumer, as_merchant = client_for(consumer), client_for(merchant_staff)
    settings.TOUSU_LIST_PAGE_SIZE = 2
    for i in range(5):
        make_order(consumer, shop, f"2026112199{i:02d}")
        file_at(consumer, at(2026, 11, 20, 9, i), order)
    pages = [
        (as_consumer, reverse("portal:my_orders"), {}),
        (as_consumer, reverse("portal:my_complaints"), {}),
        (as_merchant, reverse("merchant_center:complaints"), {"show": "all"}),
        (as_merchant, reverse("merchant_center:complaints"), {}),
        (client_for(agent), reverse("desk:queue"), {}),
    ]
    for client, url, params in pages:
        sql, first = _sql_of(client, url, params)
        assert "COUNT(" not in sql and "OFFSET" not in sql, url
        cursor = first.context["page"].next_cursor
        if cursor:
            sql, second = _sql_of(client, url, {**params, "after": cursor})
            assert "COUNT(" not in sql and "OFFSET" not in sql, url
            back = second.context["page"].previous_cursor
            sql, _ = _sql_of(client, url, {**params, "before": back})
            assert "COUNT(" not in sql and "OFFSET" not in sql, url
