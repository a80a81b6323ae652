"""One consumer across channels: the account is the identity.

An app or web account, a phone number and a WeChat openid meet on one ``User``:

* the **phone number** is ``User.phone`` in E.164 (tousu/accounts/phones.py), so a caller's
  number, a WeChat binding request and an imported order all find the same account;
* a **WeChat openid** is bound to the account that holds a phone number only after an
  SMS code sent to that number is typed back (tousu/channels/wechat/binding.py);
* a **caller without an account** gets one only when an agent explicitly creates it from
  the phone desk (``accounts.actions.create_phone_account``): the telephone network's
  caller number is the proof, as the SMS code is on WeChat. That account is then the one
  WeChat binds to when the same number asks for a code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tousu.accounts import phones
from tousu.accounts.models import Role, User
from tousu.merchants.models import Merchant


def consumers_with_phone(e164: str) -> QuerySet[User]:
    return User.objects.filter(phone=e164, role=Role.CONSUMER, is_active=True).order_by("id")


def merchants_for_phone(e164: str):
    """Shops whose staff have this number, or whose contact phone is it (typed in any format)."""
    forms = {e164}
    try:
        number = phones.parse(e164)
        national = (
            "0" + phones.phonenumbers.national_significant_number(number)
            if not phones.is_mobile(e164)
            else phones.phonenumbers.national_significant_number(number)
        )
        forms |= {national, phones.display(e164), phones.display(e164).replace(" ", "-")}
    except phones.InvalidPhone:
        pass
    return (
        Merchant.objects.filter(
            Q(staff__phone=e164, staff__is_active=True) | Q(contact_phone__in=forms)
        )
        .distinct()
        .order_by("id")
    )


@dataclass(frozen=True)
class Channels:
    """How a consumer can be reached and recognised, for the agent's caller card."""

    app: bool  # can log in to the app / website
    phone: bool
    wechat: int  # bound openids


def channels_of(user: User) -> Channels:
    return Channels(
        app=user.has_usable_password(),
        phone=bool(user.phone),
        wechat=user.wechat_bindings.count() if hasattr(user, "wechat_bindings") else 0,
    )
