"""The worker job groups alike complaints about one shop's product into an incident."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.incidents.conftest import SAME, buyer, complain
from tousu.incidents.grouping import group
from tousu.incidents.models import Incident
from tousu.jobs.registry import JOBS

pytestmark = pytest.mark.django_db


def test_the_job_is_registered():
    assert "incidents" in [job.name for job in JOBS]


def test_enough_alike_complaints_open_an_incident(crowd, shop):
    assert group(100) == 3
    incident = Incident.objects.get()
    assert incident.merchant == shop and incident.product_key == "无线蓝牙耳机"
    assert set(incident.complaints.all()) == set(crowd)
    assert group(100) == 0  # nothing new


def test_below_the_threshold_nothing_happens(crowd, settings):
    settings.TOUSU_INCIDENT_MIN_COMPLAINTS = 4
    assert group(100) == 0 and not Incident.objects.exists()


def test_unlike_descriptions_do_not_count(shop, settings):
    settings.TOUSU_INCIDENT_MIN_COMPLAINTS = 3
    complain(*buyer(0, shop))
    complain(*buyer(1, shop))
    complain(*buyer(2, shop), text="快递员态度恶劣，把包裹扔在门口就走了。")
    assert group(100) == 0


def test_complaints_outside_the_window_do_not_count(shop, settings):
    settings.TOUSU_INCIDENT_MIN_COMPLAINTS = 3
    settings.TOUSU_INCIDENT_WINDOW_DAYS = 7
    start = timezone.now()
    complain(*buyer(0, shop), at=start)
    complain(*buyer(1, shop), at=start + timedelta(days=1))
    complain(*buyer(2, shop), at=start + timedelta(days=9))
    with time_machine.travel(start + timedelta(days=9, hours=1), tick=False):
        assert group(100) == 0
    complain(*buyer(3, shop), at=start + timedelta(days=9, minutes=5))
    complain(*buyer(4, shop), at=start + timedelta(days=9, minutes=6))
    with time_machine.travel(start + timedelta(days=9, hours=1), tick=False):
        assert group(100) == 3  # the three of the last week
    assert {c.consumer.username for c in Incident.objects.get().complaints.all()} == {
        "buyer2",
        "buyer3",
        "buyer4",
    }


def test_a_later_alike_complaint_joins_the_open_incident(crowd, shop):
    group(100)
    late = complain(*buyer(7, shop))
    other = complain(*buyer(8, shop), text="发票抬头开错了，请重新开具。")
    assert group(100) == 1
    incident = Incident.objects.get()
    assert late in incident.complaints.all() and other not in incident.complaints.all()


def test_other_shops_products_are_separate(crowd, other_shop, settings):
    settings.TOUSU_INCIDENT_MIN_COMPLAINTS = 3
    complain(*buyer(5, other_shop), text=SAME)
    group(100)
    assert Incident.objects.get().complaints.count() == 3


def test_the_similarity_threshold_is_a_setting(shop, settings):
    settings.TOUSU_INCIDENT_MIN_COMPLAINTS = 3
    texts = [
        "耳机左耳没有声音，充电以后也不行。",
        "耳机左耳没声音了，充电也不行，要求退款。",
        "收到的耳机左耳没有声音，退货。",
    ]
    for n, text in enumerate(texts):
        complain(*buyer(n, shop), text=text)
    settings.TOUSU_INCIDENT_SIMILARITY_PERCENT = 95
    assert group(100) == 0
    settings.TOUSU_INCIDENT_SIMILARITY_PERCENT = 20
    assert group(100) == 3
