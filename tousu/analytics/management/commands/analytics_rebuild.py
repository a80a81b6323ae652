"""``tousu analytics_rebuild [--since DATE]``: recompute the figures' facts and rollups."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tousu.analytics import rollup


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("Not a date: %(text)s (write it as 2026-03-01).") % {"text": text}
        ) from None


class Command(BaseCommand):
    help = (
        "Recompute the figures (docs/analytics.md) from the complaints: every complaint, or "
        "those filed on or after --since (a local date). Safe while the worker runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_day, default=None, help="YYYY-MM-DD")
        parser.add_argument("--batch", type=int, default=2000, help="complaints per transaction")

    def handle(self, *args, since: date | None, batch: int, verbosity: int, **options):
        if batch < 1:
            raise CommandError(_("--batch must be at least 1."))
        started = time.perf_counter()

        def progress(done: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{done} …")

        complaints, rows = rollup.rebuild(since=since, batch=batch, progress=progress)
        self.stdout.write(
            f"{complaints} complaints, {rows} rollup rows in {time.perf_counter() - started:.1f} s"
        )
