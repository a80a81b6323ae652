"""The supervisor view: at risk, overdue, not computed; by agent and status; only for supervisors."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from tests.conftest import make_user
from tests.sla.sla_helpers import at, file_at, step
from tousu.accounts.models import Role
from tousu.complaints import actions

URL = reverse("desk:supervisor")


def get(client, user, moment, query=""):
    with time_machine.travel(moment, tick=False):
        client.force_login(user)
        return client.get(URL + query)


def test_agents_consumers_and_merchants_get_404(client, agent, consumer, merchant_staff):
    for user in (agent, consumer, merchant_staff):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_admins_see_it_and_supervisors_get_a_nav_link(client, supervisor, db):
    admin = make_user("root", Role.ADMIN)
    assert get(client, admin, at(2025, 11, 10, 10)).status_code == 200
    assert URL in get(client, supervisor, at(2025, 11, 10, 10)).content.decode()


def test_counts_and_groups(client, supervisor, agent, consumer, order):
    a = file_at(consumer, at(2025, 11, 10, 10), order)  # first response due 18:00
    actions.assign(a, agent, agent)
    b = file_at(consumer, at(2025, 11, 10, 11), order)  # due 11 Nov 10:00
    step(b, agent, "intervene", at(2025, 11, 10, 11, 30))  # decision due Thu 13 Nov 18:00
    file_at(consumer, at(2028, 1, 3, 10), order)  # first response not computed (no 2028 schedule)
    response = get(client, supervisor, at(2025, 11, 10, 19))
    counts = response.context["counts"]
    assert counts == {"at_risk": 0, "overdue": 1, "unknown": 1}  # a is overdue (not swept yet)
    assert [(r["name"], r["overdue"]) for r in response.context["by_agent"]] == [("agent", 1)]
    wide = get(client, supervisor, at(2025, 11, 10, 19), "?hours=72").context
    assert wide["counts"]["at_risk"] == 1 and wide["by_status"][0]["complaint__status"] in {
        "acknowledged",
        "intervention",
    }
    mine = get(client, supervisor, at(2025, 11, 10, 19), f"?assignee={agent.pk}&hours=72").context
    assert mine["counts"] == {"at_risk": 0, "overdue": 1, "unknown": 0}
    by_clock = get(client, supervisor, at(2025, 11, 10, 19), "?clock=decision&hours=72").context
    assert by_clock["counts"]["at_risk"] == 1 and by_clock["counts"]["overdue"] == 0
    html = response.content.decode()
    assert a.number in html and 'id="count-unknown">1<' in html


def test_bad_filters_are_reported_and_ignored(client, supervisor, settings):
    response = get(client, supervisor, at(2025, 11, 10, 10), "?hours=abc&clock=nope")
    assert (
        response.status_code == 200
        and response.context["hours"] == settings.TOUSU_SLA_AT_RISK_HOURS
    )


def test_query_count_does_not_grow_with_complaints(
    client, supervisor, agent, consumer, order, django_assert_max_num_queries, no_filing_limits
):
    for n in range(8):
        file_at(consumer, at(2025, 11, 10, 10), order, description=f"第 {n} 次")
    with time_machine.travel(at(2025, 11, 10, 19), tick=False):
        client.force_login(supervisor)
        # session, user, staff, 3 counts, 2 groupings, 3 lists; overdue callbacks: 1 count,
        # 1 list; the bell's unread count
        with django_assert_max_num_queries(14):
            client.get(URL)


def test_workbench_shows_running_deadlines_and_the_unknown_flag(client, agent, consumer, order):
    known = file_at(consumer, at(2025, 11, 10, 10), order)
    client.force_login(agent)
    with time_machine.travel(at(2025, 11, 10, 15), tick=False):
        html = client.get(reverse("desk:detail", args=[known.number])).content.decode()
    assert "18:00" in html and ("in 3 h" in html or "3 小时" in html or "3 h" in html)
    unknown = file_at(consumer, at(2028, 1, 3, 10), order)
    with time_machine.travel(at(2028, 1, 3, 11), tick=False):
        client.force_login(agent)
        response = client.get(reverse("desk:detail", args=[unknown.number]))
    assert "deadline-unknown" in response.content.decode()
