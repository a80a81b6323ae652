"""Fixed-line area codes (区号) of Chinese cities, derived from ``phonenumbers``' geocoding data.

The derivation is ``areacode_source.py``; its result ships as ``areacodes.json``. The library ships, for each CN fixed-line prefix, the place it serves in Chinese
(``86571`` → ``浙江省杭州市``; ``8628`` → ``四川省成都市、资阳市、眉山市``). We read that
table rather than typing our own, so a ``phonenumbers`` upgrade brings the corrections.
The 12315 hotline of a city is its area code + 12315. The rules (province prefixes,
places listed under two codes, the few corrections below) are in docs/escalation.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The 31 mainland provincial divisions. The data writes some with 省/市/自治区 and some
# bare ("新疆塔城地区", "内蒙古呼伦贝尔", "西藏山南"), so the short names are needed to
# tell the province from the place.
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
PROVINCES = (
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
)
REGIONS = ("内蒙古", "广西", "西藏", "宁夏", "新疆")
_PROVINCE = re.compile(
    rf"^(?:({'|'.join(MUNICIPALITIES)})市?|({'|'.join(PROVINCES)})省?"
    rf"|({'|'.join(REGIONS)})(?:壮族|回族|维吾尔)?(?:自治区)?)"
)
_SUFFIXES = ("自治州", "地区", "林区", "市", "盟")

# Places the data lists under two codes with the same words, so the data cannot tell
# which is right: the code of the prefecture's seat wins (榆次, 离石, 伊宁, 德令哈).
# tests/escalation/test_areacodes.py fails if the data stops listing any of them twice.
SEATS = {
    ("山西", "晋中"): "0354",
    ("山西", "吕梁"): "0358",
    ("新疆", "伊犁哈萨克"): "0999",  # 0992 is 奎屯
    ("青海", "海西蒙古族藏族"): "0977",  # 0979 is 格尔木
}
# Misspellings in the data: how people write the place → how the data writes it.
SPELLINGS = {"株洲": "株州"}


# The places derived from phonenumbers' geocoding data (``areacode_source.derive``), written
# by ``tousu areacodes``: that data costs ~100 MB in every process that imports it, the
# derived table 100 KB. tests/escalation/test_areacodes.py checks it is what the data gives.
TABLE = Path(__file__).with_name("areacodes.json")


@dataclass(frozen=True)
class Place:
    code: str  # "0571"
    province: str  # short name: "浙江", "新疆"; a municipality is its own province
    bare: str  # without province and suffix: "杭州", "塔城", "大理白族"
    autonomous: bool  # an autonomous prefecture: "大理白族自治州" is also called "大理"
    main: bool  # named by the code's own entry (86+code), not only by a longer prefix
    position: int  # its place in that entry's list: 0 = the code's main city


def split_province(name: str) -> tuple[str, str]:
    """``"新疆塔城地区"`` → ``("新疆", "塔城地区")``; ``"北京市"`` → ``("北京", "北京市")``."""
    name = name.strip()
    match = _PROVINCE.match(name)
    if not match:
        return "", name
    province = next(group for group in match.groups() if group)
    rest = name[match.end() :]
    if len(rest) < 2:  # "北京市", "吉林市": the whole name is the place
        return province, name
    return province, rest


def strip_suffix(name: str) -> tuple[str, bool]:
    """``"塔城地区"`` → ``("塔城", False)``; ``"大理白族自治州"`` → ``("大理白族", True)``."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)], suffix == "自治州"
    return name, False


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """The places with their codes, a place the data lists twice only under its seat's code
    (read from the table ``tousu areacodes`` writes: :data:`TABLE`)."""
    rows = json.loads(TABLE.read_text(encoding="utf-8"))
    return tuple(Place(*row) for row in rows)


def table() -> dict[str, list[str]]:
    """``{"0571": ["杭州"], "028": ["成都", "资阳", "眉山"], …}``: the places of each code."""
    out: dict[str, list[str]] = {}
    for place in sorted(places(), key=lambda p: (p.code, not p.main, p.position)):
        out.setdefault(place.code, []).append(place.bare)
    return out


def rank(place: Place) -> tuple:
    # Between codes: the code whose own entry names the place (资阳: 8628 does, 86832 only
    # in longer prefixes), then the code the place heads, then the shorter, then the lower.
    return (not place.main, place.position, len(place.code), place.code)


def _matches(place: Place, wanted: str, autonomous: bool) -> bool:
    if place.bare == wanted:
        return True
    if place.autonomous and len(wanted) >= 2 and place.bare.startswith(wanted):
        return True  # "大理" → 大理白族(自治州)
    # "甘孜藏族自治州" → the data's "四川甘孜"
    return autonomous and len(place.bare) >= 2 and wanted.startswith(place.bare)


def _candidates(city: str):
    """The ways to read ``city``: (province or "", bare name, names an autonomous prefecture)."""
    province, rest = split_province(city)
    readings = [(province, rest), ("", city)] if province else [("", city)]
    for province, name in readings:  # "海南藏族自治州" is no place in 海南 province
        bare, autonomous = strip_suffix(name)
        yield province, SPELLINGS.get(bare, bare), autonomous
        if bare.endswith("州") and len(bare) >= 3:  # "大理州", "伊犁州"
            yield province, bare[:-1], True


@lru_cache(maxsize=1024)
def area_code_for_city(city: str) -> str | None:
    """``"杭州"`` (or ``"杭州市"``, ``"浙江省杭州市"``, ``"新疆塔城"``) → ``"0571"``; None if unknown."""
    city = (city or "").strip()
    if not city:
        return None
    for province, wanted, autonomous in _candidates(city):
        found = [
            p
            for p in places()
            if (not province or p.province == province) and _matches(p, wanted, autonomous)
        ]
        exact = [p for p in found if p.bare == wanted]
        if exact or found:
            return min(exact or found, key=rank).code
    return None


def hotline_for_city(city: str) -> str | None:
    """The 12315 hotline as dialled from a phone elsewhere: ``0571-12315``."""
    code = area_code_for_city(city)
    return f"{code}-12315" if code else None
