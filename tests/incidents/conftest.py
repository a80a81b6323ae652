"""Many buyers of the same earphones from one shop, complaining alike."""

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import draft, make_order, make_user
from tousu.accounts.models import Role
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel

SAME = "耳机左耳没有声音，充电以后也不行，质量太差了。"


def buyer(n: int, shop, number: str | None = None):
    user = make_user(f"buyer{n}", Role.CONSUMER)
    order = make_order(user, shop, number or f"2026112009{n:02d}")
    return user, order


def complain(user, order, text=SAME, at=None):
    with time_machine.travel(at or timezone.now(), tick=False):
        return filing.file_complaint(
            user, draft(order.number, description=text), channel=Channel.APP
        )[0]


@pytest.fixture
def crowd(shop, settings):
    settings.TOUSU_INCIDENT_MIN_COMPLAINTS = 3
    settings.TOUSU_INCIDENT_WINDOW_DAYS = 7
    settings.TOUSU_INCIDENT_SIMILARITY_PERCENT = 30
    return [complain(*buyer(n, shop)) for n in range(3)]
