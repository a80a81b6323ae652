"""Area codes come from phonenumbers' geocoding data: a sample across provinces."""

import pytest

from tousu.escalation.areacodes import area_code_for_city, hotline_for_city, table


@pytest.mark.parametrize("city, code", [
    ("北京", "010"), ("上海", "021"), ("广州", "020"), ("杭州", "0571"), ("成都", "028"), ("西安", "029"),
    ("乌鲁木齐", "0991"), ("拉萨", "0891"), ("天津", "022"), ("重庆", "023"), ("南京", "025"), ("武汉", "027"),
    ("沈阳", "024"), ("深圳", "0755"), ("苏州", "0512"), ("哈尔滨", "0451"), ("昆明", "0871"), ("南宁", "0771"),
    ("呼和浩特", "0471"), ("银川", "0951"), ("西宁", "0971"), ("海口", "0898"), ("兰州", "0931"), ("郑州", "0371"),
    ("东莞", "0769"), ("咸阳", "029"), ("大理", "0872"),
])
def test_sample_across_provinces(city, code):
    assert area_code_for_city(city) == code
    assert area_code_for_city(city + "市") == code


def test_every_prefecture_level_code_is_derived_not_typed():
    codes = table()
    assert len(codes) > 300  # one per fixed-line area code of the mainland
    assert all(code.startswith("0") and code[1:].isdigit() for code in codes)


def test_unknown_city_and_hotline():
    assert area_code_for_city("不存在的城市") is None
    assert area_code_for_city("") is None
    assert hotline_for_city("杭州") == "0571-12315"
