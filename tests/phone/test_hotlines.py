"""Hotlines as configuration: service hours on the calendar engine, open now, next opening; the 客服 page."""

from __future__ import annotations

from datetime import time

import time_machine

from tests.phone.conftest import at
from tousu.channels.phone import hotlines
from tousu.channels.phone.callbacks import due_at
from tousu.channels.phone.models import Hotline
from tousu.sla.models import DayRule, WorkCalendar


def test_seeded_lines(consumer_line, merchant_line):
    assert (consumer_line.audience, consumer_line.calendar) == ("consumer", "hotline")
    assert merchant_line.audience == "merchant"
    cal = WorkCalendar.objects.get(name="hotline")
    assert (cal.opens_at, cal.closes_at, cal.day_rule) == (time(8), time(21, 30), DayRule.EVERY_DAY)


def test_numbers_are_stored_normalised(db):
    line = Hotline.objects.create(name="测试", number="0755-12345678")
    assert line.number == "+8675512345678"


def test_open_now_and_next_opening_across_midnight(consumer_line):
    s = hotlines.status(consumer_line, at(2026, 3, 2, 23, 0))
    assert not s.open_now and s.next_opening == at(2026, 3, 3, 8, 0)
    s = hotlines.status(consumer_line, at(2026, 3, 3, 0, 30))
    assert s.next_opening == at(2026, 3, 3, 8, 0)
    s = hotlines.status(consumer_line, at(2026, 3, 3, 21, 29))
    assert s.open_now and s.closes_at == at(2026, 3, 3, 21, 30)
    s = hotlines.status(consumer_line, at(2026, 3, 3, 21, 30))
    assert not s.open_now and s.next_opening == at(2026, 3, 4, 8, 0)


def test_hotline_works_on_public_holidays(consumer_line):
    # 2025-10-01, National Day: the hotline calendar works every day.
    assert hotlines.status(consumer_line, at(2025, 10, 1, 10)).open_now


def test_a_line_on_the_office_calendar_skips_holidays_and_counts_make_up_days(merchant_line):
    merchant_line.calendar = "office"  # working days 09:00–18:00, State Council schedule
    merchant_line.save()
    # Tuesday 30 Sep 2025 after closing: 1–8 Oct are off, so the line opens Thursday 9 Oct.
    s = hotlines.status(merchant_line, at(2025, 9, 30, 19))
    assert s.next_opening == at(2025, 10, 9, 9, 0)
    # Sunday 28 Sep 2025 is a make-up working day (调休).
    assert hotlines.status(merchant_line, at(2025, 9, 28, 10)).open_now


def test_callback_due_counts_only_service_hours(consumer_line, settings):
    settings.TOUSU_CALLBACK_DUE = "24h"
    # Asked at 23:00: the clock starts at 08:00; 13.5 h on day one, 10.5 h on day two.
    assert due_at(consumer_line, at(2026, 3, 2, 23, 0)) == at(2026, 3, 4, 18, 30)
    # Asked at 10:00: 11.5 h today, 12.5 h tomorrow.
    assert due_at(consumer_line, at(2026, 3, 2, 10, 0)) == at(2026, 3, 3, 20, 30)
    # Across the Spring Festival holiday the hotline keeps its hours.
    assert due_at(consumer_line, at(2026, 2, 16, 23, 0)) == at(2026, 2, 18, 18, 30)


def test_callback_due_on_an_office_line_skips_the_holiday(merchant_line, settings):
    merchant_line.calendar = "office"
    merchant_line.save()
    settings.TOUSU_CALLBACK_DUE = "24h"
    # 9 working hours a day: from Tue 30 Sep 2025 19:00 → Thu 9, Fri 10, Sat 11 Oct (make-up day) 15:00.
    assert due_at(merchant_line, at(2025, 9, 30, 19)) == at(2025, 10, 11, 15, 0)


def test_unknown_year_is_not_guessed(merchant_line, settings):
    settings.TOUSU_CALLBACK_DUE = "24h"  # service hours need the calendar
    merchant_line.calendar = "office"
    merchant_line.save()
    assert due_at(merchant_line, at(2031, 5, 6, 10)) is None
    assert hotlines.status(merchant_line, at(2031, 5, 6, 20)).next_opening is None


def test_service_page_shows_each_line_open_or_next_opening(client, consumer):
    client.force_login(consumer)
    with time_machine.travel(at(2026, 3, 2, 23, 0), tick=False):
        html = client.get("/service/").content.decode()
    assert "021 5339 5288" in html and "Closed now" in html and "2026-03-03 08:00" in html
    assert "021 5339 5088" not in html  # the merchant line is not for consumers
    with time_machine.travel(at(2026, 3, 2, 12, 0), tick=False):
        html = client.get("/service/").content.decode()
    assert "Open now" in html and "21:30" in html and "Call me back" in html
