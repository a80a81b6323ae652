"""Order import from the marketplace's order system.

One path for the REST import API and the ``import_orders`` CSV command: rows arrive as
plain dicts, every row is checked, and the whole batch is written in one transaction or
not at all. Orders are upserted by number; their lines are replaced on update.
Merchants given in the batch are upserted by ``external_id``; consumers are found by
username or phone and created (with an unusable password) when missing.

Money is integer fen (``*_fen`` keys) or a yuan string with at most two decimals
(``unit_price`` / ``amount_paid`` keys), parsed with ``Decimal``, never float.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from tousu.accounts import phones
from tousu.accounts.models import Role, User
from tousu.merchants.models import Merchant
from tousu.orders.models import Order, OrderItem, OrderStatus, ProductCategory

MAX_YUAN = Decimal(10) ** 10  # far above any order; keeps Decimal arithmetic in range
MERCHANT_REQUIRED = ("shop_name", "legal_name", "registered_address", "city")
MERCHANT_OPTIONAL = ("contact_name", "contact_phone", "contact_email", "return_address")
PRODUCT_KIND = re.compile(r"[a-z0-9_]+")


@dataclass
class RowError:
    section: str  # "orders" or "merchants"
    row: int  # 1-based position in the batch, or the CSV line number
    field: str
    message: str


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    merchants_created: int = 0
    merchants_updated: int = 0
    consumers_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "errors": [asdict(e) for e in self.errors]}


class Invalid(Exception):
    """One field of one row is wrong."""

    def __init__(self, field_name: str, message: str, row: int | None = None):
        self.field = field_name
        self.message = message
        self.row = row  # set when the error belongs to a different line than the order's
        super().__init__(message)


class _Rollback(Exception):
    pass


def parse_yuan(text: str, field_name: str = "amount") -> int:
    """``"123.45"`` → ``12345`` fen. At most two decimals, never negative, no float."""
    cleaned = str(text).strip().replace(",", "").removeprefix("¥").removeprefix("￥")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise Invalid(field_name, _("Enter an amount in yuan, such as 12.30.")) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_YUAN:
        raise Invalid(field_name, _("Enter an amount in yuan, such as 12.30."))
    if amount != amount.quantize(Decimal("0.01")):
        raise Invalid(field_name, _("An amount in yuan has at most two decimals."))
    return int(amount * 100)


def text_field(data: dict, name: str, max_length: int, required: bool = False) -> str:
    value = data.get(name)
    value = "" if value is None else value
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise Invalid(name, _("Enter text."))
    value = str(value).strip()
    if required and not value:
        raise Invalid(name, _("This field is required."))
    if len(value) > max_length:
        raise Invalid(name, _("At most %(n)s characters.") % {"n": max_length})
    return value


def _fen(data: dict, name: str, *, required: bool) -> int | None:
    """Money under ``<name>_fen`` (integer fen) or ``<name>`` (yuan string)."""
    if data.get(f"{name}_fen") not in (None, ""):
        value = data[f"{name}_fen"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Invalid(f"{name}_fen", _("Enter a whole, non-negative number of fen."))
        return value
    if data.get(name) not in (None, ""):
        return parse_yuan(data[name], name)
    if required:
        raise Invalid(f"{name}_fen", _("This field is required."))
    return None


def moment_field(data: dict, name: str, required: bool = False) -> datetime | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            raise Invalid(name, _("This field is required."))
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value).strip())
    if parsed is None:
        raise Invalid(
            name, _("Enter a date and time such as 2026-11-20 14:30 or 2026-11-20T14:30:00+08:00.")
        )
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _day(data: dict, name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    parsed = value if isinstance(value, date) else parse_date(str(value).strip())
    if parsed is None:
        raise Invalid(name, _("Enter a date such as 2026-11-20."))
    return parsed


def _kind(data: dict) -> str:
    """The 三包 product kind: a short code such as mobile_phone (blank: not 三包 goods)."""
    kind = text_field(data, "product_kind", 32).lower()
    if kind and not PRODUCT_KIND.fullmatch(kind):
        raise Invalid(
            "product_kind",
            _("Use lower-case letters, digits and underscores, such as mobile_phone."),
        )
    return kind


def choice_field(data: dict, name: str, choices: Any, default: str | None = None) -> str:
    value = text_field(data, name, 32) or default
    if value not in choices.values:
        raise Invalid(name, _("Choose one of: %(values)s.") % {"values": ", ".join(choices.values)})
    return value


def _items(data: dict) -> list[dict]:
    lines = data.get("items")
    if not isinstance(lines, list) or not lines:
        raise Invalid("items", _("An order needs at least one line."))
    out = []
    for index, line in enumerate(lines):
        if not isinstance(line, dict):
            raise Invalid(f"items[{index}]", _("Enter an object."))
        try:
            quantity = line.get("quantity")
            if isinstance(quantity, str) and quantity.strip().isdigit():
                quantity = int(quantity)
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
                raise Invalid("quantity", _("Enter a whole number of at least 1."))
            out.append(
                {
                    "product_name": text_field(line, "product_name", 200, required=True),
                    "sku": text_field(line, "sku", 64),
                    "category": choice_field(
                        line, "category", ProductCategory, ProductCategory.GENERAL
                    ),
                    "product_kind": _kind(line),
                    "unit_price_fen": _fen(line, "unit_price", required=True),
                    "quantity": quantity,
                }
            )
        except Invalid as exc:
            if "_row" in line:
                raise Invalid(exc.field, exc.message, row=line["_row"]) from None
            raise Invalid(f"items[{index}].{exc.field}", exc.message) from None
    return out


def _upsert_merchant(data: dict, report: Report) -> None:
    external_id = text_field(data, "external_id", 64, required=True)
    merchant = Merchant.objects.filter(external_id=external_id).first()
    values = {
        name: text_field(data, name, 300, required=merchant is None) for name in MERCHANT_REQUIRED
    }
    values.update({name: text_field(data, name, 300) for name in MERCHANT_OPTIONAL})
    values = {name: value for name, value in values.items() if value}
    if merchant is None:
        Merchant.objects.create(external_id=external_id, **values)
        report.merchants_created += 1
        return
    changed = [name for name, value in values.items() if getattr(merchant, name) != value]
    if changed:
        for name in changed:
            setattr(merchant, name, values[name])
        merchant.save(update_fields=changed)
        report.merchants_updated += 1


def consumer_from(data: dict, report: Report) -> User:
    ref = data.get("consumer")
    if isinstance(ref, str):
        ref = {"username": ref}
    if not isinstance(ref, dict):
        raise Invalid("consumer", _("Give the consumer's username or phone."))
    try:
        username = text_field(ref, "username", 150)
        phone = text_field(ref, "phone", 32)
        display_name = text_field(ref, "display_name", 64)
    except Invalid as exc:
        raise Invalid(f"consumer.{exc.field}", exc.message) from None
    if not username and not phone:
        raise Invalid("consumer", _("Give the consumer's username or phone."))
    if phone:
        phone = phones.try_normalise(phone) or phone  # stored as E.164 (tousu/accounts/phones.py)
    if username:
        user = User.objects.filter(username=username).first()
    else:
        matches = list(User.objects.filter(phone=phone, role=Role.CONSUMER)[:2])
        if len(matches) > 1:
            raise Invalid(
                "consumer.phone", _("Several consumers have this phone; give the username.")
            )
        user = matches[0] if matches else None
        if user is None and User.objects.filter(username=phone).exists():
            raise Invalid(
                "consumer.phone", _("This phone is already used as another account's username.")
            )
    if user is not None:
        if user.role != Role.CONSUMER:
            raise Invalid("consumer", _("This account is not a consumer account."))
        return user
    user = User(
        username=username or phone, role=Role.CONSUMER, phone=phone, display_name=display_name
    )
    user.set_unusable_password()
    user.save()
    report.consumers_created += 1
    return user


def _upsert_order(data: dict, report: Report) -> None:
    number = text_field(data, "number", 40, required=True)
    merchant_id = text_field(data, "merchant", 64, required=True)
    merchant = Merchant.objects.filter(external_id=merchant_id).first()
    if merchant is None:
        raise Invalid(
            "merchant",
            _("No merchant has the ID %(id)s; add it to the merchants list.") % {"id": merchant_id},
        )
    values = {
        "status": choice_field(data, "status", OrderStatus),
        "paid_at": moment_field(data, "paid_at", required=True),
        "shipped_at": moment_field(data, "shipped_at"),
        "received_at": moment_field(data, "received_at"),
        "logistics_number": text_field(data, "logistics_number", 40),
        "invoice_date": _day(data, "invoice_date"),
    }
    items = _items(data)
    paid = _fen(data, "amount_paid", required=False)
    values["amount_paid_fen"] = (
        paid if paid is not None else sum(i["unit_price_fen"] * i["quantity"] for i in items)
    )
    consumer = consumer_from(data, report)
    order = Order.objects.select_for_update().filter(number=number).first()
    if order is None:
        order = Order.objects.create(number=number, consumer=consumer, merchant=merchant, **values)
        report.created += 1
    else:
        if order.consumer_id != consumer.pk:
            raise Invalid("consumer", _("This order already belongs to another consumer."))
        if order.merchant_id != merchant.pk:
            raise Invalid("merchant", _("This order already belongs to another merchant."))
        for name, value in values.items():
            setattr(order, name, value)
        order.save(update_fields=[*values, "imported_at"])
        order.items.all().delete()
        report.updated += 1
    OrderItem.objects.bulk_create(OrderItem(order=order, **item) for item in items)


def _each(rows: Iterable[Any], section: str, report: Report, handle) -> None:
    for index, row in enumerate(rows, start=1):
        label = row.get("_row", index) if isinstance(row, dict) else index
        if not isinstance(row, dict):
            report.errors.append(RowError(section, label, "", _("Enter an object.")))
            continue
        try:
            with transaction.atomic():  # a failed row leaves nothing half-written
                handle(row, report)
        except Invalid as exc:
            report.errors.append(RowError(section, exc.row or label, exc.field, exc.message))


def _check_unique(orders: list, report: Report) -> None:
    seen: dict[str, int] = {}
    for index, row in enumerate(orders, start=1):
        if isinstance(row, dict) and isinstance(row.get("number"), str):
            number = row["number"].strip()
            label = row.get("_row", index)
            if number in seen:
                report.errors.append(
                    RowError(
                        "orders",
                        label,
                        "number",
                        _("Order %(number)s appears twice in this batch (first at row %(row)s).")
                        % {"number": number, "row": seen[number]},
                    )
                )
            seen.setdefault(number, label)


def import_orders(orders: list, merchants: list = (), *, dry_run: bool = False) -> Report:
    """Check and write a batch. Any invalid row rejects the whole batch (nothing written).

    Returns a report; ``report.errors`` lists every problem found, by row.
    """
    report = Report()
    _check_unique(orders, report)
    try:
        with transaction.atomic():
            _each(merchants, "merchants", report, _upsert_merchant)
            _each(orders, "orders", report, _upsert_order)
            if report.errors or dry_run:
                raise _Rollback()
    except _Rollback:
        if report.errors:
            errors = report.errors
            report = Report(errors=errors)
    return report
