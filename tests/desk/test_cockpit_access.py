"""Every desk URL added for the cockpit: anonymous visitors go to the login page, consumers
and merchants get 404 (as if the desk did not exist), agents get the supervisor-only ones 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tousu.desk.models import SavedView
from tousu.macros.models import Macro


@pytest.fixture
def urls(complaint, agent, supervisor):
    view = SavedView.objects.create(owner=agent, name="v", query="")
    macro = Macro.objects.create(name="m", body="b", updated_by=supervisor)
    n = complaint.number
    return {
        "staff": [
            ("post", reverse("desk:bulk")),
            ("post", reverse("desk:save_view")),
            ("post", reverse("desk:delete_view", args=[view.pk])),
            ("post", reverse("desk:apply_macro", args=[n])),
            ("post", reverse("desk:presence", args=[n])),
        ],
        "supervisor": [
            ("get", reverse("desk:macros")),
            ("get", reverse("desk:edit_macro", args=[macro.pk])),
            ("post", reverse("desk:delete_macro", args=[macro.pk])),
        ],
    }


def test_anonymous_goes_to_login(client, urls):
    for method, url in urls["staff"] + urls["supervisor"]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["consumer", "outsider", "merchant_staff", "other_merchant_staff"])
def test_non_staff_get_404_everywhere(client, urls, who, request):
    client.force_login(request.getfixturevalue(who))
    for method, url in urls["staff"] + urls["supervisor"]:
        assert getattr(client, method)(url).status_code == 404, url
    assert SavedView.objects.count() == 1 and Macro.objects.count() == 1


def test_agents_get_404_on_macro_management(agent_client, urls):
    for method, url in urls["supervisor"]:
        assert getattr(agent_client, method)(url).status_code == 404, url
    assert Macro.objects.count() == 1
