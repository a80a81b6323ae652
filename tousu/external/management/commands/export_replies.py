"""``tousu export_replies --source 12315 [--since DATE] > replies.csv``: the platform's answers.

One CSV row per external case: external_id, complaint_number, status, replies, closed_at
(docs/external-cases.md).
"""

from __future__ import annotations

import csv
from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from tousu.external import exporter
from tousu.external.models import Source


def parse_since(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text)
        if day is None:
            raise ValueError(text)
        moment = datetime.combine(day, time.min)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Export the platform's replies to the cases of one external source as CSV on standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", required=True, choices=Source.values)
        parser.add_argument(
            "--since", help="Only cases received on or after this date (2026-03-01) or time"
        )

    def handle(self, *args: Any, source: str, since: str | None, **options: Any) -> None:
        try:
            start = parse_since(since)
        except ValueError:
            raise CommandError(f"--since: not a date: {since}") from None
        writer = csv.DictWriter(self.stdout, fieldnames=exporter.COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in exporter.rows(source, start):
            writer.writerow(exporter.flat(row))
