"""Which 12315 the guide sends the consumer to: where the merchant actually operates, else
where the platform is domiciled (TOUSU_PLATFORM_CITY), and the page says which and why."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.portal.conftest import client_for
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.escalation import guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(complaint, agent):
    actions.transition(
        complaint, agent, "not_accept", channel=Channel.DESK, note="超出平台处理范围"
    )
    complaint.refresh_from_db()
    return complaint


def page(user, complaint, language="en") -> str:
    html = (
        client_for(user, language).get(f"/complaints/{complaint.number}/escalate/").content.decode()
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def with_city(complaint, city):
    complaint.merchant.city = city
    complaint.merchant.save(update_fields=["city"])
    complaint.refresh_from_db()
    return complaint


def test_the_merchants_operating_city_when_it_has_an_area_code(settings, consumer, rejected):
    settings.TOUSU_PLATFORM_CITY = "杭州"
    with_city(rejected, "新疆塔城地区")  # the province written without 自治区, as the data does
    hotline = guide.hotline(rejected)
    assert (hotline.city, hotline.basis, hotline.number, hotline.merchant_city) == (
        "新疆塔城地区",
        "merchant",
        "0901-12315",
        "",
    )
    text = page(consumer, rejected)
    assert "the 12315 hotline of 新疆塔城地区, 0901-12315" in text
    assert "Why 新疆塔城地区: the merchant operates there" in text and "0571" not in text


def test_the_platforms_city_when_the_merchants_is_unknown(settings, consumer, rejected):
    settings.TOUSU_PLATFORM_CITY = "杭州"
    with_city(rejected, "  ")
    hotline = guide.hotline(rejected)
    assert (hotline.city, hotline.basis, hotline.number, hotline.merchant_city) == (
        "杭州",
        "platform",
        "0571-12315",
        "",
    )
    text = page(consumer, rejected)
    assert "the 12315 hotline of 杭州, 0571-12315" in text
    assert (
        "Why 杭州: the city where the merchant operates is not known, so the complaint goes to the "
        "regulator where the platform is domiciled (杭州)." in text
    )


def test_the_platforms_city_when_the_merchants_has_no_area_code_we_know(
    settings, consumer, rejected
):
    settings.TOUSU_PLATFORM_CITY = "杭州"
    with_city(rejected, "开封")  # not in the fixed-line data (tests/escalation/test_areacodes.py)
    hotline = guide.hotline(rejected)
    assert (hotline.city, hotline.basis, hotline.number, hotline.merchant_city) == (
        "杭州",
        "platform",
        "0571-12315",
        "开封",
    )
    text = page(consumer, rejected)
    assert "0571-12315" in text
    assert "we do not know the area code of 开封, where the merchant operates" in text
    assert "You may also dial the area code of 开封 followed by 12315." in text


def test_no_platform_city_set_dial_the_merchants_area_code(settings, consumer, rejected):
    settings.TOUSU_PLATFORM_CITY = ""
    with_city(rejected, "开封")
    hotline = guide.hotline(rejected)
    assert (hotline.city, hotline.basis, hotline.number) == ("开封", "merchant", None)
    text = page(consumer, rejected)
    assert "By phone: dial the area code of 开封 followed by 12315" in text and "-12315" not in text


def test_nothing_known_the_guide_says_how_to_dial(settings, consumer, rejected):
    settings.TOUSU_PLATFORM_CITY = ""
    with_city(rejected, "")
    assert guide.hotline(rejected).city == ""
    text = page(consumer, rejected)
    assert "dial the area code of the city where the merchant operates followed by 12315" in text
    assert "Why" not in text


def test_a_platform_city_with_no_area_code_is_named_without_a_number(settings, consumer, rejected):
    settings.TOUSU_PLATFORM_CITY = "不存在的城市"
    with_city(rejected, "")
    hotline = guide.hotline(rejected)
    assert (hotline.city, hotline.basis, hotline.number) == ("不存在的城市", "platform", None)
    assert "dial the area code of 不存在的城市 followed by 12315" in page(consumer, rejected)


def test_hours_by_area_code_else_the_default(settings, rejected):
    settings.TOUSU_12315_HOURS = "09:00–17:00"
    settings.TOUSU_12315_HOURS_BY_AREA_CODE = {"021": "00:00–24:00"}
    assert guide.hotline(rejected).hours == "00:00–24:00"  # the demo shop is in 上海
    with_city(rejected, "杭州")
    assert guide.hotline(rejected).hours == "09:00–17:00"


def test_acceptance_time_comes_from_the_setting(settings, consumer, rejected):
    settings.TOUSU_12315_ACCEPTANCE_WORKING_DAYS = 10
    assert "The regulator decides within 10 working days whether to accept" in page(
        consumer, rejected
    )
    settings.TOUSU_12315_ACCEPTANCE_WORKING_DAYS = 1
    assert "within 1 working day whether" in page(consumer, rejected)


def test_acceptance_time_in_chinese_too(settings, consumer, rejected, chinese_default):
    settings.TOUSU_12315_ACCEPTANCE_WORKING_DAYS = 10
    chinese = page(consumer, rejected, language="zh-hans")
    assert "监管部门在 10 个工作日内决定是否受理" in chinese and "7 个工作日" not in chinese


def test_the_number_is_a_dial_link(consumer, rejected):
    html = client_for(consumer).get(f"/complaints/{rejected.number}/escalate/").content.decode()
    assert 'href="tel:02112315"' in html


def test_the_guide_in_chinese_names_city_number_and_why(consumer, rejected, chinese_default):
    html = (
        client_for(consumer, "zh-hans")
        .get(f"/complaints/{rejected.number}/escalate/")
        .content.decode()
    )
    assert 'href="tel:02112315"' in html
    text = page(consumer, rejected, language="zh-hans")
    assert "电话投诉：上海的 12315 热线 021-12315" in text
    assert "为什么是上海：商家在上海经营" in text


@pytest.mark.parametrize("who", ["merchant_staff", "outsider", "agent"])
def test_only_the_consumer_sees_the_guide(request, rejected, who):
    # another consumer: 404; staff are sent to their own home page (complaints.guards.consumer_only)
    response = client_for(request.getfixturevalue(who)).get(
        f"/complaints/{rejected.number}/escalate/"
    )
    assert response.status_code in (302, 404) and b"12315" not in response.content
    assert (
        Client().get(f"/complaints/{rejected.number}/escalate/").status_code == 302
    )  # to the login page
