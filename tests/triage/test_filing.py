"""A suggestion on filing, the urgent raise, the agents' corrections, who sees it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.api.conftest import api_as  # noqa: F401  (fixture)
from tests.conftest import draft
from tousu.complaints import actions, filing
from tousu.complaints.choices import Category, Channel, EventKind, Priority
from tousu.triage.models import Correction, Suggestion

POISONING = "昨天买的卤牛肉，全家吃完食物中毒，孩子上吐下泻进了医院。"


def file(consumer, order, description: str, **overrides):
    filed, _ = filing.file_complaint(
        consumer, draft(order.number, description=description, **overrides), channel=Channel.WEB
    )
    return filed


@pytest.fixture
def poisoned(consumer, order):
    return file(consumer, order, POISONING, category="quality")


def test_filing_food_poisoning_raises_the_priority_with_a_note(poisoned):
    poisoned.refresh_from_db()
    assert poisoned.priority == Priority.URGENT
    suggestion = Suggestion.objects.get(complaint=poisoned)
    assert (suggestion.category, suggestion.urgent, suggestion.method) == (
        "food_safety",
        True,
        "model",
    )
    assert suggestion.raised_priority
    raised = poisoned.events.get(kind=EventKind.PRIORITY)
    assert raised.actor is None and raised.data == {"from": Priority.NORMAL, "to": Priority.URGENT}
    note = poisoned.events.get(kind=EventKind.NOTE)
    assert note.actor is None and note.internal and note.data == {"triage": "urgent"}


def test_an_ordinary_complaint_keeps_its_priority(consumer, order):
    filed = file(consumer, order, "快递十天了还没发货，物流一直不更新。", category="delivery")
    filed.refresh_from_db()
    assert filed.priority == Priority.NORMAL
    suggestion = Suggestion.objects.get(complaint=filed)
    assert (suggestion.category, suggestion.urgent) == ("delivery", False)
    assert not filed.events.filter(kind=EventKind.PRIORITY).exists()


def test_off_suggests_nothing(settings, consumer, order):
    settings.TOUSU_TRIAGE_METHOD = "off"
    filed = file(consumer, order, POISONING)
    filed.refresh_from_db()
    assert not Suggestion.objects.filter(complaint=filed).exists()
    assert filed.priority == Priority.NORMAL


def test_model_method_uses_the_newest_trained_model(settings, consumer, order, no_filing_limits):
    settings.TOUSU_TRIAGE_METHOD = "model"
    first = Suggestion.objects.get(complaint=file(consumer, order, "退货寄回去了商家一直不退款"))
    assert (first.method, first.model_version, first.category) == ("model", "builtin", "refund")
    call_command("triage_train", stdout=None)
    second = Suggestion.objects.get(complaint=file(consumer, order, "退款一直没到账"))
    assert second.model_version.startswith("nb-")


def test_an_agent_lowering_an_urgent_suggestion_is_a_correction(poisoned, agent):
    actions.set_priority(poisoned, agent, Priority.HIGH)
    correction = Correction.objects.get()
    assert (correction.field, correction.suggested, correction.corrected) == (
        "urgent",
        "true",
        "false",
    )
    assert correction.actor == agent
    assert correction.suggestion.complaint == poisoned


def test_an_agent_raising_to_urgent_is_a_correction_a_matching_change_is_not(complaint, agent):
    actions.set_priority(complaint, agent, Priority.HIGH)  # still not urgent: agrees
    assert not Correction.objects.exists()
    actions.set_priority(complaint, agent, Priority.URGENT)
    assert Correction.objects.get().corrected == "true"


def test_the_system_changing_the_priority_is_no_correction(complaint):
    actions.set_priority(complaint, None, Priority.URGENT)
    assert not Correction.objects.exists()


def test_the_desk_shows_the_suggestion(client, agent, poisoned, chinese_default):
    client.force_login(agent)
    html = client.get(reverse("desk:detail", args=[poisoned.number])).content.decode()
    assert 'class="muted triage-suggestion"' in html
    assert "建议分类：食品安全" in html and "（模型）" in html


def test_the_staff_api_block_carries_the_suggestion(api_as, agent, poisoned):
    body = api_as(agent).get(f"/api/v1/complaints/{poisoned.number}").json()
    assert body["staff"]["triage"] == {
        "category": "food_safety",
        "category_label": "Food safety",
        "urgent": True,
        "method": "model",
        "model_version": "builtin",
    }


def test_consumers_and_merchants_never_see_the_suggestion(
    client, api_as, consumer, merchant_staff, poisoned
):
    pages = [
        (consumer, reverse("portal:complaint", args=[poisoned.number])),
        (merchant_staff, reverse("merchant_center:complaint", args=[poisoned.number])),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "triage-suggestion" not in html and "Suggested category" not in html
        body = api_as(user).get(f"/api/v1/complaints/{poisoned.number}").json()
        assert body["staff"] is None and "model_version" not in str(body)
    client.force_login(consumer)
    assert client.get(reverse("desk:detail", args=[poisoned.number])).status_code in (302, 403, 404)


def test_an_agent_changing_the_category_is_a_correction_unless_it_is_the_suggestion(
    complaint, agent
):
    suggestion = Suggestion.objects.get(complaint=complaint)
    other = next(c for c in Category.values if c not in (suggestion.category, complaint.category))
    actions.set_category(complaint, agent, other)
    correction = Correction.objects.get()
    assert (correction.field, correction.suggested, correction.corrected) == (
        "category",
        suggestion.category,
        other,
    )
    actions.set_category(complaint, agent, suggestion.category)  # back to the suggestion
    assert Correction.objects.count() == 1
