"""Fixed-line area codes (区号) of Chinese cities, derived from ``phonenumbers``' geocoding data.

The library ships, for each CN fixed-line prefix, the place it serves in Chinese
(``86571`` → ``浙江省杭州市``; ``8628`` → ``四川省成都市、资阳市、眉山市``). We read that
table rather than typing our own, so a ``phonenumbers`` upgrade brings the corrections.
The 12315 hotline of a city is its area code + 12315 (docs/escalation.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

from phonenumbers.geodata import GEOCODE_DATA

_PROVINCE = re.compile(r"^.*?(?:省|自治区)")
_SUFFIXES = ("市", "地区", "盟", "自治州", "林区")


def _area_of(national: str) -> str | None:
    """The area code (without the trunk 0) a fixed-line prefix belongs to, None for mobiles."""
    if national.startswith("10"):
        return "10"
    if national[:1] == "2":
        return national[:2]
    if national[:1] in "3456789" and len(national) >= 3:
        return national[:3]
    return None  # 1[3-9]…: mobile number blocks


@lru_cache(maxsize=1)
def table() -> dict[str, list[str]]:
    """``{"0571": ["浙江省杭州市"], "028": ["四川省成都市", "资阳市", "眉山市"], …}``."""
    places: dict[str, list[str]] = {}
    for prefix, names in GEOCODE_DATA.items():
        if not prefix.startswith("86"):
            continue
        area = _area_of(prefix[2:])
        zh = names.get("zh") if isinstance(names, dict) else None
        if area is None or not zh:
            continue
        parts = places.setdefault("0" + area, [])
        for part in zh.split("、"):
            if part not in parts:
                parts.append(part)
    return places


def _bare(name: str) -> str:
    name = _PROVINCE.sub("", name.strip())
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=512)
def area_code_for_city(city: str) -> str | None:
    """``"杭州"`` (or ``"杭州市"``, ``"浙江省杭州市"``) → ``"0571"``; None if unknown.

    When a city appears under several codes, the code where it is listed first (the
    code's main city) wins, then the shortest code.
    """
    wanted = _bare(city or "")
    if not wanted:
        return None
    best: tuple[int, int, str] | None = None
    for code, parts in table().items():
        for position, part in enumerate(parts):
            bare = _bare(part)
            if bare == wanted or part.endswith(wanted + "市") or bare.startswith(wanted) and len(wanted) >= 2:
                rank = (position, len(code), code)
                best = rank if best is None or rank < best else best
                break
    return best[2] if best else None


def hotline_for_city(city: str) -> str | None:
    """The 12315 hotline as dialled from a phone elsewhere: ``0571-12315``."""
    code = area_code_for_city(city)
    return f"{code}-12315" if code else None
