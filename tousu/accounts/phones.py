"""Phone numbers: parsed and validated with ``phonenumbers``, stored in E.164, shown nationally.

Every number the platform keeps (``User.phone``, hotlines, callers) is stored as E.164
(``+8613812341234``, ``+862153395288``) so that a caller, a WeChat binding and an app
account with the same number meet on one string. People read the national form
(``138 1234 1234``, ``021 5339 5288``); everyone who does not need the full number reads
the masked form (``138****1234``, ``021-****5288``).
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "CN"
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class InvalidPhone(ValueError):
    pass


def parse(text: str, region: str = DEFAULT_REGION) -> phonenumbers.PhoneNumber:
    """A valid number from user input (spaces, dashes, ``+86``/``0086`` accepted) or ``InvalidPhone``."""
    raw = (text or "").strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(text) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(text)
    return number


def normalise(text: str, region: str = DEFAULT_REGION) -> str:
    """``138-1234-1234`` → ``+8613812341234``; ``021-53395288`` → ``+862153395288``."""
    return phonenumbers.format_number(parse(text, region), phonenumbers.PhoneNumberFormat.E164)


def try_normalise(text: str, region: str = DEFAULT_REGION) -> str | None:
    try:
        return normalise(text, region)
    except InvalidPhone:
        return None


def is_mobile(e164: str) -> bool:
    try:
        return phonenumbers.number_type(parse(e164)) in _MOBILE_TYPES
    except InvalidPhone:
        return False


def normalise_mobile(text: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 if ``text`` is a valid mobile number (one that can receive an SMS), else None."""
    e164 = try_normalise(text, region)
    return e164 if e164 and is_mobile(e164) else None


def display(value: str) -> str:
    """The national form for a Chinese number (``138 1234 1234``), international otherwise."""
    if not value:
        return ""
    try:
        number = parse(value)
    except InvalidPhone:
        return value
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask(value: str) -> str:
    """What a reader without the need to know sees.

    Mobile ``138****1234``; fixed line: the area code and the last four digits,
    ``021-****5288``; anything unparsable keeps at most its last four characters.
    """
    if not value:
        return ""
    try:
        number = parse(value)
    except InvalidPhone:
        digits = "".join(ch for ch in value if ch.isdigit())
        return "****" + digits[-4:] if len(digits) >= 7 else "****"
    national = phonenumbers.national_significant_number(number)
    if phonenumbers.region_code_for_number(number) != DEFAULT_REGION:
        return f"+{number.country_code} ****{national[-4:]}"
    if phonenumbers.number_type(number) in _MOBILE_TYPES:
        return f"{national[:3]}****{national[-4:]}"
    area_length = phonenumbers.length_of_geographical_area_code(number)
    area = "0" + national[:area_length] if area_length else ""
    return f"{area}-****{national[-4:]}" if area else f"****{national[-4:]}"


def validate_phone(value: str) -> None:
    """Model/form validator: a valid mobile or fixed-line number (region CN by default)."""
    if value and try_normalise(value) is None:
        raise ValidationError(
            _("Enter a valid phone number: a mobile number, or a fixed line with its area code."),
            code="invalid_phone",
        )
