"""Order import for the marketplace's order system (administrator tokens only)."""

from typing import Any, Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthorizationError

from tousu.api.schemas import ErrorOut
from tousu.complaints import access
from tousu.orders.importer import import_orders

router = Router(tags=["import"])


class ImportIn(Schema):
    merchants: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Merchants to create or update, by external_id: shop_name, legal_name, "
        "registered_address, city (required for new ones), contact_name, contact_phone, "
        "contact_email, return_address.",
    )
    orders: list[dict[str, Any]] = Field(
        ...,
        description="Orders to upsert by number: number, merchant (external_id), consumer "
        "({username} or {phone}, optional display_name), status, paid_at, shipped_at, "
        "received_at, logistics_number, amount_paid_fen (default: sum of lines), items "
        "[{product_name, sku, category, unit_price_fen, quantity}].",
    )


class RowErrorOut(Schema):
    section: str
    row: int
    field: str
    message: str


class ImportReportOut(Schema):
    created: int
    updated: int
    merchants_created: int
    merchants_updated: int
    consumers_created: int
    errors: list[RowErrorOut]


class ImportRejectedOut(ImportReportOut):
    code: str
    message: str


@router.post(
    "/orders", response={200: ImportReportOut, 401: ErrorOut, 403: ErrorOut, 422: ImportRejectedOut}
)
def import_order_batch(
    request: HttpRequest, payload: ImportIn, dry_run: Optional[bool] = False
) -> Status:
    """Upsert a batch of orders in one transaction; any invalid row rejects the whole batch."""
    if not access.may_import(request.auth):
        raise AuthorizationError()
    report = import_orders(payload.orders, payload.merchants, dry_run=bool(dry_run))
    if not report.ok:
        return Status(
            422,
            {
                "code": "import_rejected",
                "message": _("Nothing was imported: %(n)s rows need correcting.")
                % {"n": len(report.errors)},
                **report.as_dict(),
            },
        )
    return Status(200, report.as_dict())
