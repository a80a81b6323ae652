"""Derive the area-code table from ``phonenumbers``' geocoding data (``tousu areacodes``).

Imported only by the command that writes ``areacodes.json`` and by its test: the geocoding
data it reads takes about 100 MB of memory, which no web process should carry.
"""

from __future__ import annotations

import json
from functools import lru_cache

import phonenumbers
from phonenumbers.geodata import GEOCODE_DATA

from tousu.escalation.areacodes import SEATS, TABLE, Place, rank, split_province, strip_suffix


def _codes_of(national: str) -> list[str]:
    """The area codes (with the trunk 0) a fixed-line prefix covers; [] for mobile blocks.

    Two-digit blocks of four-digit codes (``8633`` → all of 033x) stand for the codes
    in the block that the library's own metadata accepts as fixed lines (0335).
    """
    if national.startswith("10"):
        return ["010"]
    if national[:1] == "2":
        return ["0" + national[:2]]
    if national[:1] not in "3456789":
        return []  # 1[3-9]…: mobile number blocks
    if len(national) >= 3:
        return ["0" + national[:3]]
    return [f"0{national}{digit}" for digit in "0123456789" if _is_fixed_line(f"{national}{digit}")]


def _is_fixed_line(code: str) -> bool:
    for subscriber in ("2345678", "23456789"):
        number = phonenumbers.parse(f"+86{code}{subscriber}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.number_type(number) in (
                phonenumbers.PhoneNumberType.FIXED_LINE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
    return False


@lru_cache(maxsize=1)
def listings() -> tuple[Place, ...]:
    """Every (place, code) pair the data lists, before :data:`SEATS` picks between codes."""
    found: dict[tuple[str, str, str], Place] = {}
    for prefix, names in GEOCODE_DATA.items():
        zh = names.get("zh") if prefix.startswith("86") and isinstance(names, dict) else None
        if not zh:
            continue
        national = prefix[2:]
        for code in _codes_of(national):
            main = len(national) <= len(code) - 1
            province = ""
            for position, part in enumerate(zh.split("、")):
                own, rest = split_province(part)
                province = own or province  # "四川省成都市、资阳市": 资阳 is in 四川 too
                bare, autonomous = strip_suffix(rest)
                place = Place(code, province, bare, autonomous, main, position)
                key = (code, province, bare)
                if key not in found or rank(place) < rank(found[key]):
                    found[key] = place
    return tuple(sorted(found.values(), key=lambda p: (p.code, p.province, p.bare)))


def derive() -> tuple[Place, ...]:
    """The places with their codes, a place the data lists twice only under its seat's code."""
    return tuple(p for p in listings() if SEATS.get((p.province, p.bare), p.code) == p.code)


def write() -> int:
    """Write :data:`areacodes.TABLE`; returns how many places it holds."""
    rows = [[p.code, p.province, p.bare, p.autonomous, p.main, p.position] for p in derive()]
    TABLE.write_text(
        json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("],[", "],\n[") + "\n",
        encoding="utf-8",
    )
    return len(rows)
