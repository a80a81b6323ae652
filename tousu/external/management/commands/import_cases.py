"""``tousu import_cases FILE.csv --source 12315``: file the cases 12315, a regulator or Black Cat forwarded.

Columns: docs/external-cases.md. All rows or none, like ``import_orders``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.external.importer import COLUMNS, import_cases
from tousu.external.models import Source

REQUIRED_COLUMNS = ("external_id", "consumer_phone", "merchant", "description")


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"{path}: missing columns: {', '.join(missing)}")
        return [
            {"_row": reader.line_num, **{key: (row.get(key) or "").strip() for key in COLUMNS}}
            for row in reader
        ]


class Command(BaseCommand):
    help = "Import complaints forwarded by 12315, a regulator or Black Cat from a CSV file. All rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="CSV file, UTF-8 (a BOM is fine)")
        parser.add_argument(
            "--source", required=True, choices=Source.values, help="Where the cases come from"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, write nothing"
        )

    def handle(self, *args: Any, path: Path, source: str, dry_run: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        report = import_cases(read_rows(path), source, dry_run=dry_run)
        if report.errors:
            for error in sorted(report.errors, key=lambda e: e.row):
                self.stderr.write(f"line {error.row}: {error.field}: {error.message}")
            raise CommandError(f"Nothing imported: {len(report.errors)} problem(s) in {path}.")
        prefix = "Dry run, nothing written: would have " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.created} cases created, {report.already_imported} already imported; "
                f"{report.consumers_created} consumers created."
            )
        )
