"""/admin/ for users, shops, orders and complaints: lists with search and filters for an
admin; complaints, orders and the timeline only to look at (writes go through the actions);
SLA lengths in words, never the engine's codes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_user, photo
from tests.portal.conftest import client_for
from tousu.accounts.models import Role
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel
from tousu.sla.figures import exact_words
from tousu.sla.models import ClockRule, Deadline, SlaPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return make_user("root", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def as_admin(admin):
    return client_for(admin)


@pytest.fixture
def busy(complaint, consumer, agent):
    actions.post_message(complaint, consumer, "商家一直不回复", channel=Channel.WEB)
    uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    actions.post_message(complaint, agent, "内部：先催商家", channel=Channel.DESK, internal=True)
    return complaint


@pytest.mark.parametrize(
    "model, query",
    [
        ("accounts_user", {"q": "alice", "role__exact": "consumer", "is_active__exact": "1"}),
        ("merchants_merchant", {"q": "Shop", "city": "上海"}),
        ("orders_order", {"q": "202611200001", "status__exact": "received"}),
        (
            "complaints_complaint",
            {"q": "alice", "status__exact": "acknowledged", "kind__exact": "after_sales"},
        ),
        ("sla_deadline", {"q": "TS", "state__exact": "running"}),
    ],
)
def test_changelists_answer_with_search_and_filters(as_admin, busy, model, query):
    url = reverse(f"admin:{model}_changelist")
    assert as_admin.get(url).status_code == 200
    response = as_admin.get(url, query)
    assert response.status_code == 200, response.content[:500]
    assert "errornote" not in response.content.decode()


def test_search_finds_the_complaint_by_number_order_and_consumer(as_admin, busy, order):
    url = reverse("admin:complaints_complaint_changelist")
    for query in (busy.number, order.number, "alice"):
        assert busy.number in as_admin.get(url, {"q": query}).content.decode(), query
    assert busy.number not in as_admin.get(url, {"q": "nobody-like-this"}).content.decode()


def test_complaint_page_shows_the_timeline_and_cannot_be_saved(as_admin, busy):
    url = reverse("admin:complaints_complaint_change", args=[busy.pk])
    page = as_admin.get(url).content.decode()
    assert (
        "商家一直不回复" in page and "内部：先催商家" in page and busy.evidence.get().sha256 in page
    )
    assert 'name="_save"' not in page and 'type="submit"' not in page.split("<form")[-1]
    before = busy.description
    response = as_admin.post(url, {"description": "changed", "status": "closed"})
    assert response.status_code == 403
    busy.refresh_from_db()
    assert busy.description == before and busy.status != "closed"


def test_complaints_and_orders_cannot_be_added_or_deleted(as_admin, busy):
    for model in ("complaints_complaint", "orders_order"):
        assert as_admin.get(reverse(f"admin:{model}_add")).status_code == 403
    delete = reverse("admin:complaints_complaint_delete", args=[busy.pk])
    assert as_admin.post(delete, {"post": "yes"}).status_code == 403
    assert type(busy).objects.filter(pk=busy.pk).exists()
    changelist = as_admin.get(reverse("admin:complaints_complaint_changelist")).content.decode()
    assert "delete_selected" not in changelist


def test_staff_who_are_not_admins_see_no_admin(busy, agent):
    response = client_for(agent).get(reverse("admin:complaints_complaint_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_users_are_switched_off_not_deleted(as_admin, consumer):
    assert (
        as_admin.post(
            reverse("admin:accounts_user_delete", args=[consumer.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    page = as_admin.get(reverse("admin:accounts_user_change", args=[consumer.pk])).content.decode()
    assert 'name="is_active"' in page and 'name="role"' in page


@pytest.mark.parametrize(
    "code, words",
    [
        ("48ch", "48 calendar hours"),
        ("1ch", "1 calendar hour"),
        ("7cd", "7 calendar days"),
        ("16h", "16 working hours"),
        ("10d", "10 working days"),
        ("", "—"),
    ],
)
def test_durations_in_words(code, words):
    assert exact_words(code) == words


def test_durations_in_chinese(chinese_default):
    with translation.override("zh-hans"):
        assert exact_words("48ch") == "48 自然小时"
        assert exact_words("7cd") == "7 自然日"
        assert exact_words("16h") == "16 个工作小时"


def test_admin_and_supervisor_pages_show_lengths_in_words(as_admin, busy, supervisor):
    deadline = Deadline.objects.filter(complaint=busy, ended_at__isnull=True).first()
    assert deadline is not None
    words = exact_words(deadline.duration)
    deadlines = as_admin.get(reverse("admin:sla_deadline_changelist")).content.decode()
    assert words in deadlines and f">{deadline.duration}<" not in deadlines
    detail = as_admin.get(reverse("admin:sla_deadline_change", args=[deadline.pk])).content.decode()
    assert words in detail

    policy = SlaPolicy.objects.create(name="大促")
    ClockRule.objects.create(policy=policy, clock="merchant_response", duration="48ch")
    page = as_admin.get(reverse("admin:sla_slapolicy_change", args=[policy.pk])).content.decode()
    assert "48 calendar hours" in page

    Deadline.objects.filter(pk=deadline.pk).update(due_at=deadline.due_at.replace(year=2000))
    board = client_for(supervisor).get(reverse("desk:supervisor")).content.decode()
    assert busy.number in board and words in board and f">{deadline.duration}<" not in board
