"""``tousu import_orders path.csv``: load orders exported by the marketplace's order system.

One CSV row per order line; rows of the same order repeat its order columns. The
columns are documented in docs/orders-import.md. The batch goes through
``tousu.orders.importer`` like the import API: all rows or none.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tousu.orders.importer import Report, RowError, import_orders

REQUIRED_COLUMNS = (
    "order_number",
    "merchant_id",
    "status",
    "paid_at",
    "product_name",
    "unit_price",
    "quantity",
)
ORDER_COLUMNS = (
    "merchant_id",
    "consumer_username",
    "consumer_phone",
    "consumer_name",
    "status",
    "paid_at",
    "shipped_at",
    "received_at",
    "logistics_number",
    "amount_paid",
    "invoice_date",
)
MERCHANT_COLUMNS = {
    "merchant_shop_name": "shop_name",
    "merchant_legal_name": "legal_name",
    "merchant_registered_address": "registered_address",
    "merchant_city": "city",
    "merchant_contact_phone": "contact_phone",
    "merchant_return_address": "return_address",
}
# Importer field names → the CSV column a person should fix.
FIELD_TO_COLUMN = {
    "number": "order_number",
    "merchant": "merchant_id",
    "external_id": "merchant_id",
    "consumer": "consumer_username",
    "consumer.username": "consumer_username",
    "consumer.phone": "consumer_phone",
    "consumer.display_name": "consumer_name",
    "amount_paid_fen": "amount_paid",
    "unit_price_fen": "unit_price",
    **{target: column for column, target in MERCHANT_COLUMNS.items()},
}


def read_batch(path: Path) -> tuple[list[dict], list[dict], list[RowError]]:
    """Group CSV lines into importer orders and merchants; report inconsistent lines."""
    orders: dict[str, dict[str, Any]] = {}
    merchants: dict[str, dict[str, Any]] = {}
    first_line: dict[str, tuple[int, dict]] = {}
    errors: list[RowError] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"{path}: missing columns: {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            row = {key: (value or "").strip() for key, value in row.items() if key}
            number = row["order_number"]
            item = {
                key: row.get(key, "")
                for key in ("product_name", "sku", "unit_price", "quantity", "product_kind")
            }
            item["category"] = row.get("category") or "general"
            item["_row"] = line
            if number in orders:
                seen_line, seen = first_line[number]
                for column in ORDER_COLUMNS:
                    if row.get(column, "") != seen.get(column, ""):
                        errors.append(
                            RowError(
                                "orders",
                                line,
                                column,
                                _("differs from line %(line)s of the same order")
                                % {"line": seen_line},
                            )
                        )
                orders[number]["items"].append(item)
                continue
            first_line[number] = (line, row)
            order = {
                "_row": line,
                "number": number,
                "merchant": row["merchant_id"],
                "consumer": {
                    "username": row.get("consumer_username", ""),
                    "phone": row.get("consumer_phone", ""),
                    "display_name": row.get("consumer_name", ""),
                },
                **{
                    key: row.get(key, "")
                    for key in (
                        "status",
                        "paid_at",
                        "shipped_at",
                        "received_at",
                        "logistics_number",
                        "amount_paid",
                        "invoice_date",
                    )
                },
                "items": [item],
            }
            orders[number or f"#line{line}"] = order
            if row.get("merchant_shop_name") and row["merchant_id"] not in merchants:
                merchant = {"_row": line, "external_id": row["merchant_id"]}
                merchant.update(
                    {target: row.get(column, "") for column, target in MERCHANT_COLUMNS.items()}
                )
                merchants[row["merchant_id"]] = merchant
    return list(orders.values()), list(merchants.values()), errors


class Command(BaseCommand):
    help = "Import orders from a CSV file (one row per order line). All rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file, UTF-8 (a BOM is fine)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, write nothing"
        )

    def handle(self, *args: Any, path: Path, dry_run: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        orders, merchants, errors = read_batch(path)
        report: Report = import_orders(orders, merchants, dry_run=dry_run or bool(errors))
        errors = sorted(errors + report.errors, key=lambda e: e.row)
        if errors:
            for error in errors:
                column = FIELD_TO_COLUMN.get(error.field, error.field)
                self.stderr.write(f"line {error.row}: {column}: {error.message}")
            raise CommandError(f"Nothing imported: {len(errors)} problem(s) in {path}.")
        prefix = "Dry run, nothing written: would have " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.created} orders created, {report.updated} updated; "
                f"{report.merchants_created} merchants created, {report.merchants_updated} updated; "
                f"{report.consumers_created} consumers created."
            )
        )
