"""Area codes come from phonenumbers' geocoding data: every prefecture the data names, the
province prefixes it writes without 省/自治区, and the places it lists under two codes."""

import re
import subprocess
import sys
from collections import defaultdict

import pytest
from phonenumbers.geodata import GEOCODE_DATA

from tousu.escalation.areacode_source import derive, listings
from tousu.escalation.areacodes import (
    SEATS,
    SPELLINGS,
    area_code_for_city,
    hotline_for_city,
    places,
    split_province,
    table,
)


def fixed_line_texts() -> dict[str, str]:
    """Area code → every Chinese text the data gives its fixed-line prefixes, joined."""
    fixed = [
        (prefix[2:], names["zh"])
        for prefix, names in GEOCODE_DATA.items()
        if re.match(r"^86(10|[2-9])", prefix) and isinstance(names, dict) and names.get("zh")
    ]
    out: dict[str, list[str]] = defaultdict(list)
    for code in table():
        # "8633" covers 033x: a prefix may be shorter than the code it covers.
        out[code] = [
            zh
            for national, zh in fixed
            if national.startswith(code[1:]) or code[1:].startswith(national)
        ]
    return {code: "|".join(texts) for code, texts in out.items()}


def prefectures() -> list[str]:
    """One name per prefecture-level division: the data names every mobile number block
    (1[3-9]…) by the prefecture it belongs to, with its province, as the official name."""
    return sorted(
        {
            names["zh"]
            for prefix, names in GEOCODE_DATA.items()
            if re.match(r"^861[3-9]", prefix) and isinstance(names, dict) and names.get("zh")
        }
    )


# Prefectures whose area code the fixed-line data does not name (the lookup says None, and
# the guide falls back to the platform's city); if a phonenumbers upgrade adds one, this
# test fails and the entry goes.
NOT_IN_FIXED_LINE_DATA = {
    "安徽省亳州市": "0558 is listed as 阜阳 only",
    "山东省莱芜市": "merged into 济南 (0531) in 2019; 0634 is not in the data",
    "广西来宾市": "0772 is listed as 柳州 only",
    "广西贵港市": "0775 is listed as 玉林 only",
    "广西贺州市": "0774 is listed as 梧州 only",
    "河南省开封市": "0378 is not in the data",
    "湖北省神农架林区": "0719 is listed as 十堰 only",
    "甘肃省嘉峪关市": "0937 is listed as 酒泉 only",
    "甘肃省金昌市": "0935 is listed as 武威 only (its English name says Jinchang)",
}
PREFECTURES = prefectures()
TEXTS = fixed_line_texts()


def test_the_data_names_every_prefecture_level_division():
    assert (
        len(PREFECTURES) > 330
    )  # 333 prefecture-level divisions + the 4 municipalities, as of 2024
    assert set(NOT_IN_FIXED_LINE_DATA) <= set(PREFECTURES)


@pytest.mark.parametrize("name", PREFECTURES)
def test_every_prefecture_level_division_in_the_data_has_its_code(name):
    code = area_code_for_city(name)
    if name in NOT_IN_FIXED_LINE_DATA:
        assert code is None, NOT_IN_FIXED_LINE_DATA[name]
        return
    assert code is not None
    province, rest = split_province(name)
    assert province, "every name in the data starts with its province"
    place = re.sub(r"(市|地区|盟|自治州|林区)$", "", rest)
    place = SPELLINGS.get(place, place)[:2]  # "大理白族自治州" is "大理"
    # The code's own fixed-line text names the place, in the same province.
    assert place in TEXTS[code] and TEXTS[code].startswith(province), (name, code, TEXTS[code])


@pytest.mark.parametrize(
    "name, code",
    [
        # province written without 省/自治区, as the data does
        ("新疆塔城地区", "0901"),
        ("塔城", "0901"),
        ("新疆哈密", "0902"),
        ("新疆维吾尔自治区喀什地区", "0998"),
        ("西藏日喀则地区", "0892"),
        ("日喀则", "0892"),
        ("日喀则市", "0892"),
        ("西藏自治区山南市", "0893"),
        ("内蒙古呼伦贝尔", "0470"),
        ("呼伦贝尔市", "0470"),
        ("内蒙古自治区兴安盟", "0482"),
        ("锡林郭勒盟", "0479"),
        ("广西防城港市", "0770"),
        ("广西壮族自治区桂林市", "0773"),
        ("宁夏中卫市", "0955"),
        ("宁夏回族自治区吴忠", "0953"),
        # autonomous prefectures by their short and full names
        ("大理", "0872"),
        ("大理州", "0872"),
        ("大理白族自治州", "0872"),
        ("西双版纳傣族自治州", "0691"),
        ("甘孜藏族自治州", "0836"),
        ("阿坝州", "0837"),
        ("黔东南", "0855"),
        ("延边", "0433"),
        ("恩施州", "0718"),
        # a place named like a province
        ("吉林", "0432"),
        ("吉林市", "0432"),
        ("吉林省吉林市", "0432"),
        ("海南藏族自治州", "0974"),
        ("青海省海南藏族自治州", "0974"),
        ("海口", "0898"),
        # two-digit blocks: 8633 stands for 033x, of which only 0335 is a fixed-line code
        ("秦皇岛", "0335"),
        ("朔州", "0349"),
        ("舟山", "0580"),
        ("鹰潭", "0701"),
        # renamed, misspelt by the data
        ("襄阳", "0710"),
        ("襄樊", "0710"),
        ("株洲", "0731"),
        ("湖南省株洲市", "0731"),
        # municipalities and a sample of the rest
        ("北京", "010"),
        ("北京市", "010"),
        ("上海", "021"),
        ("天津市", "022"),
        ("重庆", "023"),
        ("杭州", "0571"),
        ("浙江杭州", "0571"),
        ("浙江省杭州市", "0571"),
        ("广州", "020"),
        ("深圳", "0755"),
        ("咸阳", "029"),
        ("东莞", "0769"),
        ("乌鲁木齐", "0991"),
        ("拉萨", "0891"),
        ("呼和浩特", "0471"),
        ("银川", "0951"),
    ],
)
def test_names_as_people_write_them(name, code):
    assert area_code_for_city(name) == code


def listed_twice() -> dict[tuple[str, str], set[str]]:
    codes = defaultdict(set)
    for place in listings():
        codes[(place.province, place.bare)].add(place.code)
    return {key: found for key, found in codes.items() if len(found) > 1}


def test_the_places_the_data_lists_under_two_codes_are_known():
    # Any new one must be decided (SEATS or the rule) and added here.
    assert listed_twice() == {
        ("四川", "资阳"): {"028", "0832"},
        ("山西", "晋中"): {"0354", "0358"},
        ("山西", "吕梁"): {"0354", "0358"},
        ("新疆", "伊犁哈萨克"): {"0992", "0999"},
        ("青海", "海西蒙古族藏族"): {"0977", "0979"},
    }
    # SEATS only settles places the data really lists twice, with one of their codes.
    assert all(key in listed_twice() and code in listed_twice()[key] for key, code in SEATS.items())


@pytest.mark.parametrize(
    "names, code",
    [
        # 8628 names 资阳 itself; 0832 names it only in longer prefixes (资阳 joined 028 in 2013)
        (["资阳", "资阳市", "四川省资阳市"], "028"),
        # same words under 0354 and 0358: the seat's code (SEATS)
        (["晋中", "山西省晋中市"], "0354"),
        (["吕梁", "吕梁市", "山西省吕梁市"], "0358"),
        (["伊犁", "伊犁州", "伊犁哈萨克自治州", "新疆伊犁哈萨克自治州"], "0999"),
        (["海西", "海西州", "青海省海西蒙古族藏族自治州"], "0977"),
    ],
)
def test_a_place_listed_under_two_codes_gets_the_right_one(names, code):
    assert {area_code_for_city(name) for name in names} == {code}


def test_province_prefixes_with_and_without_their_suffix():
    assert split_province("新疆塔城地区") == ("新疆", "塔城地区")
    assert split_province("新疆维吾尔自治区乌鲁木齐市") == ("新疆", "乌鲁木齐市")
    assert split_province("内蒙古呼伦贝尔") == ("内蒙古", "呼伦贝尔")
    assert split_province("西藏山南") == ("西藏", "山南")
    assert split_province("广西壮族自治区南宁市") == ("广西", "南宁市")
    assert split_province("宁夏银川市") == ("宁夏", "银川市")
    assert split_province("北京市") == ("北京", "北京市")
    assert split_province("吉林市") == ("吉林", "吉林市")
    assert split_province("杭州") == ("", "杭州")


@pytest.mark.parametrize(
    "name",
    ["", "   ", "不存在的城市", "浙江省成都市", "义乌", "州", "市", "x" * 500, "<b>杭州</b>"],
)
def test_unknown_or_malformed_names_have_no_code(name):
    assert area_code_for_city(name) is None


def test_hotline():
    assert hotline_for_city("杭州") == "0571-12315"
    assert hotline_for_city("新疆塔城地区") == "0901-12315"
    assert hotline_for_city("不存在的城市") is None


def test_every_code_is_derived_not_typed():
    codes = table()
    assert len(codes) > 300  # one per fixed-line area code of the mainland
    assert all(re.fullmatch(r"0\d{2,3}", code) for code in codes)


def test_the_shipped_table_is_what_the_data_gives():
    """areacodes.json is derived, not edited: after a phonenumbers upgrade run `tousu areacodes`."""
    assert places() == derive()


def test_a_web_process_does_not_load_the_geocoding_data():
    """The geocoding data costs ~100 MB per process: only the command that derives the table reads it."""
    script = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'tousu.settings'\n"
        "import django; django.setup()\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "from tousu.escalation.guide import area_code_for_city\n"
        "assert area_code_for_city('杭州') == '0571'\n"
        "print('phonenumbers.geodata' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
