"""The complaint form past the account's filing limit: refused with the time, nothing lost."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import draft
from tests.portal.conftest import client_for
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint

TEXT = "耳机左耳没有声音，重新配对也不行。这是第三次了。"


@pytest.fixture
def start():
    return (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)


@pytest.fixture
def at_the_limit(consumer, order, settings, start):
    settings.TOUSU_FILING_LIMIT_PER_HOUR = 2
    with time_machine.travel(start, tick=False):
        for n in range(2):
            filing.file_complaint(consumer, draft(description=f"第 {n} 次"), channel=Channel.APP)
    return start


def submit(client, order, at, token):
    with time_machine.travel(at, tick=False):
        return client.post(
            reverse("portal:file_for_order", args=[order.number]),
            {
                "kind": "after_sales",
                "category": "quality",
                "demand": "return_refund",
                "amount": "299.00",
                "description": TEXT,
                "token": token,
                "confirm_new": "on",  # the open complaints above are on the same order
            },
        )


def test_refused_with_when_and_the_form_keeps_what_was_typed(at_the_limit, consumer, order):
    token = str(uuid.uuid4())
    response = submit(client_for(consumer), order, at_the_limit + timedelta(minutes=15), token)
    assert response.status_code == 429
    html = response.content.decode()
    when = timezone.localtime(at_the_limit + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    assert 'id="filing-limit"' in html and when in html
    assert "Nothing was filed" in html
    assert TEXT in html and 'value="299.00"' in html and token in html
    assert "Some fields need your attention." not in html  # nothing is wrong with the fields
    assert Complaint.objects.count() == 2
    # After that time the same form goes through.
    again = submit(client_for(consumer), order, at_the_limit + timedelta(hours=1), token)
    assert again.status_code == 302
    assert Complaint.objects.filter(description=TEXT).count() == 1


def test_the_message_is_chinese_for_the_consumer(at_the_limit, consumer, order, chinese_default):
    client = client_for(consumer, language="zh-hans")
    response = submit(client, order, at_the_limit, str(uuid.uuid4()))
    assert response.status_code == 429
    html = response.content.decode()
    assert "已达上限" in html and "您填写的内容已保留" in html


def test_another_consumer_files_meanwhile(at_the_limit, outsider, outsider_order):
    response = submit(client_for(outsider), outsider_order, at_the_limit, str(uuid.uuid4()))
    assert response.status_code == 302
    assert Complaint.objects.filter(consumer=outsider).count() == 1
