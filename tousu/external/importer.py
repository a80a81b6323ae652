"""Import of cases forwarded by 12315, a regulator or Black Cat (docs/external-cases.md).

One path for the ``import_cases`` CSV command and ``POST /api/v1/import/cases``: rows
arrive as plain dicts, every row is checked, and the whole batch is written in one
transaction or not at all (``tousu.orders.importer`` does the same for orders).
Each new case is filed through ``filing.file_complaint`` on the source's channel, so
the SLA engine gives it that channel's deadlines; its 12315 settlement clock
(``odr_settlement``, never paused) and its resolution clock count from ``received_at``.
A case already imported (same source and external id) is left as it is and counted as
``already_imported``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts import phones
from tousu.complaints import filing
from tousu.complaints.access import orders_for
from tousu.complaints.choices import Category, Demand, Kind
from tousu.complaints.errors import ComplaintError, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.external.models import CHANNEL_FOR_SOURCE, ExternalCase, Source
from tousu.merchants.models import Merchant
from tousu.orders.importer import (
    Invalid,
    RowError,
    choice_field,
    consumer_from,
    moment_field,
    parse_yuan,
    text_field,
)
from tousu.sla import deadlines as sla_deadlines
from tousu.sla.models import Clock

SECTION = "cases"
# Row keys, the same in the CSV header, the API body and the replies export.
COLUMNS = (
    "external_id",
    "received_at",
    "consumer_name",
    "consumer_phone",
    "merchant",
    "order_number",
    "category",
    "demand",
    "amount",
    "description",
)
# file_complaint's field names → the row key a person should fix.
FIELD_TO_KEY = {
    "order": "order_number",
    "amount": "amount",
    "description": "description",
    "category": "category",
    "demand": "demand",
    "kind": "description",
}


@dataclass
class Report:
    created: int = 0
    already_imported: int = 0
    consumers_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "errors": [asdict(e) for e in self.errors]}


class _Rollback(Exception):
    pass


def _merchant(data: dict) -> Merchant:
    name = text_field(data, "merchant", 300, required=True)
    matches = list(Merchant.objects.filter(Q(legal_name=name) | Q(shop_name=name))[:2])
    if not matches:
        raise Invalid(
            "merchant", _("No merchant has the legal name or shop name %(name)s.") % {"name": name}
        )
    if len(matches) > 1:
        raise Invalid(
            "merchant",
            _("Several merchants are called %(name)s; give the legal name.") % {"name": name},
        )
    return matches[0]


def _import_row(data: dict, source: str, report: Report) -> None:
    external_id = text_field(data, "external_id", 64, required=True)
    if ExternalCase.objects.filter(source=source, external_id=external_id).exists():
        report.already_imported += 1
        return
    now = timezone.now()
    received_at = moment_field(data, "received_at") or now
    if received_at > now:
        raise Invalid("received_at", _("The date of receipt cannot be in the future."))
    phone = text_field(data, "consumer_phone", 32, required=True)
    if phones.try_normalise(phone) is None:
        raise Invalid("consumer_phone", _("Enter a valid phone number."))
    merchant = _merchant(data)
    description = text_field(data, "description", 100_000, required=True)
    category = choice_field(data, "category", Category, Category.OTHER)
    demand = choice_field(data, "demand", Demand, Demand.OTHER)
    amount = data.get("amount")
    amount_fen = parse_yuan(amount, "amount") if amount not in (None, "") else None
    order_number = text_field(data, "order_number", 40)
    try:
        consumer = consumer_from(
            {"consumer": {"phone": phone, "display_name": text_field(data, "consumer_name", 64)}},
            report,
        )
    except Invalid as exc:
        key = {"consumer.display_name": "consumer_name"}.get(exc.field, "consumer_phone")
        raise Invalid(key, exc.message) from None
    linked = ""
    if order_number:
        order = orders_for(consumer).filter(number=order_number).first()
        if order is not None and order.merchant_id != merchant.pk:
            raise Invalid("order_number", _("This order belongs to another merchant."))
        if order is not None:
            linked = order_number
        else:  # the consumer's account here does not hold it: keep the number for the agent
            description += "\n\n" + _(
                "Order number given (not found on the platform): %(number)s"
            ) % {"number": order_number}
    draft = filing.Draft(
        kind=Kind.COMPLAINT,
        category=category,
        demand=demand,
        description=description,
        order_number=linked,
        amount_fen=amount_fen,
    )
    try:
        complaint, _created = filing.file_complaint(
            consumer, draft, channel=CHANNEL_FOR_SOURCE[source]
        )
    except ValidationFailed as exc:
        name, message = next(iter(exc.errors.items()))
        raise Invalid(FIELD_TO_KEY.get(name, name), message) from None
    except ComplaintError as exc:
        raise Invalid(FIELD_TO_KEY.get(exc.field or "", exc.field or ""), exc.text()) from None
    if complaint.merchant_id is None:
        Complaint.objects.filter(pk=complaint.pk).update(merchant=merchant)
        complaint.merchant = merchant
    for clock in (Clock.ODR_SETTLEMENT, Clock.RESOLUTION):  # the regulator counts from receipt
        sla_deadlines.count_from(complaint, clock, received_at, now)
    payload = {key: value for key, value in data.items() if not key.startswith("_")}
    ExternalCase.objects.create(
        source=source,
        external_id=external_id,
        received_at=received_at,
        complaint=complaint,
        payload=payload,
    )
    report.created += 1


def _check_unique(rows: list, report: Report) -> None:
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        if isinstance(row, dict) and isinstance(row.get("external_id"), (str, int)):
            external_id = str(row["external_id"]).strip()
            label = row.get("_row", index)
            if external_id in seen:
                report.errors.append(
                    RowError(
                        SECTION,
                        label,
                        "external_id",
                        _("Case %(id)s appears twice in this batch (first at row %(row)s).")
                        % {"id": external_id, "row": seen[external_id]},
                    )
                )
            seen.setdefault(external_id, label)


def import_cases(rows: list, source: str, *, dry_run: bool = False) -> Report:
    """Check and file a batch of cases from ``source``. Any invalid row rejects the whole batch."""
    if source not in Source.values:
        raise ValueError(f"unknown source {source!r}; one of {', '.join(Source.values)}")
    report = Report()
    _check_unique(rows, report)
    try:
        with transaction.atomic():
            for index, row in enumerate(rows, start=1):
                label = row.get("_row", index) if isinstance(row, dict) else index
                if not isinstance(row, dict):
                    report.errors.append(RowError(SECTION, label, "", _("Enter an object.")))
                    continue
                try:
                    with transaction.atomic():  # a failed row leaves nothing half-written
                        _import_row(row, source, report)
                except Invalid as exc:
                    report.errors.append(
                        RowError(SECTION, exc.row or label, exc.field, exc.message)
                    )
            if report.errors or dry_run:
                raise _Rollback()
    except _Rollback:
        if report.errors:
            report = Report(errors=report.errors)
    return report
