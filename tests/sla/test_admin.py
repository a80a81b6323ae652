"""Administrators enter a new year on one admin page (the year plus its days inline)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from tousu.sla.calendars import load_calendar
from tousu.sla.models import ScheduleYear
from tousu.sla.worktime import SHANGHAI, ScheduleUnknown, add

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    root = django_user_model.objects.create_superuser(
        "root", "root@example.com", "pw-root", role="admin"
    )
    client.force_login(root)
    return client


@pytest.mark.parametrize("model", ["workcalendar", "scheduleyear", "dayoverride"])
def test_admin_pages_render(admin_client_, model, entered_2027):
    assert admin_client_.get(reverse(f"admin:sla_{model}_changelist")).status_code == 200
    assert admin_client_.get(reverse(f"admin:sla_{model}_add")).status_code == 200


def test_the_year_page_shows_its_days(admin_client_, entered_2027):
    response = admin_client_.get(reverse("admin:sla_scheduleyear_change", args=[entered_2027.pk]))
    assert response.status_code == 200
    assert "元旦" in response.content.decode()


def form(year: str, complete: bool, days: list[tuple[str, bool, str]]) -> dict:
    data = {
        "year": year,
        "source": "国办发明电（假设）",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    if complete:
        data["complete"] = "on"
    for n, (day, working, name) in enumerate(days):
        data[f"days-{n}-date"] = day
        data[f"days-{n}-name"] = name
        if working:
            data[f"days-{n}-is_working_day"] = "on"
    return data


def test_entering_2027_in_the_admin_makes_it_computable(admin_client_):
    start = datetime(2026, 12, 28, 10, tzinfo=SHANGHAI)
    with pytest.raises(ScheduleUnknown):
        add(start, "7d", load_calendar())
    response = admin_client_.post(
        reverse("admin:sla_scheduleyear_add"),
        form(
            "2027",
            True,
            [
                ("2027-01-01", False, "元旦"),
                ("2027-01-02", False, "元旦"),
                ("2027-01-03", False, "元旦"),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert add(start, "7d", load_calendar()) == datetime(2027, 1, 7, 18, tzinfo=SHANGHAI)


def test_the_admin_refuses_a_weekday_make_up_day_and_a_date_of_another_year(admin_client_):
    response = admin_client_.post(
        reverse("admin:sla_scheduleyear_add"),
        form(
            "2027",
            True,
            [
                ("2027-02-08", True, "春节"),
                ("2028-01-01", False, "元旦"),
            ],
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2027" in page
    assert not ScheduleYear.objects.exists()
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "is_working_day" in errors[0] and "date" in errors[1]
