"""The one "time left" formatter (tousu.sla.timeleft): boundaries, overdue, both languages."""

from datetime import timedelta

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from tests.sla.sla_helpers import at
from tousu.sla.timeleft import due_local, span, time_left

NOW = at(2026, 12, 1, 9, 0)
D, H, M = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


@pytest.mark.parametrize(
    "left, english, chinese",
    [
        (5 * D + 23 * H + 59 * M, "5 days 23 hours left", "还剩 5 天 23 小时"),
        (1 * D, "1 day left", "还剩 1 天"),
        (1 * D - timedelta(seconds=1), "23 hours 59 minutes left", "还剩 23 小时 59 分钟"),
        (1 * H, "1 hour left", "还剩 1 小时"),
        (1 * H - timedelta(seconds=1), "59 minutes left", "还剩 59 分钟"),
        (1 * M, "1 minute left", "还剩 1 分钟"),
        (timedelta(seconds=59), "less than a minute left", "还剩不到 1 分钟"),
        (timedelta(0), "just overdue", "刚刚超时"),
        (-timedelta(seconds=59), "just overdue", "刚刚超时"),
        (-1 * M, "overdue by 1 minute", "已超时 1 分钟"),
        (-2 * H - 5 * M, "overdue by 2 hours 5 minutes", "已超时 2 小时 5 分钟"),
        (-3 * D, "overdue by 3 days", "已超时 3 天"),
    ],
)
def test_time_left_in_english_and_chinese(left, english, chinese):
    with translation.override("en"):
        assert time_left(NOW + left, NOW) == english
    with translation.override("zh-hans"):
        assert time_left(NOW + left, NOW) == chinese


def test_no_deadline_no_text():
    assert time_left(None) == "" and due_local(None) == ""
    with translation.override("en"):
        assert span(-5) == "0 minutes"


def test_due_local_is_beijing_time_whatever_the_input_zone():
    from datetime import timezone as dt_timezone

    utc = at(2026, 12, 6, 14, 5).astimezone(dt_timezone.utc)
    with translation.override("en"):
        assert due_local(utc) == "by 2026-12-06 14:05 (Beijing time)"
    with translation.override("zh-hans"):
        assert due_local(utc) == "截止 2026-12-06 14:05（北京时间）"


def test_template_filters_count_from_now():
    with time_machine.travel(NOW, tick=False), translation.override("zh-hans"):
        html = Template("{% load sla_time %}{{ due|time_left }} · {{ due|due_local }}").render(
            Context({"due": NOW + 5 * D + 23 * H})
        )
    assert html == "还剩 5 天 23 小时 · 截止 2026-12-07 08:00（北京时间）"
