"""``tousu verify [--complaint NUMBER]``: recompute timeline hash chains and evidence hashes.

Exits non-zero if any event was altered, deleted or reordered, or any evidence file is
altered or missing (docs/evidence-keeping.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tousu.complaints.chain import verify
from tousu.complaints.models import Complaint


class Command(BaseCommand):
    help = "Verify every complaint's timeline hash chain and evidence files; non-zero exit on any problem."

    def add_arguments(self, parser):
        parser.add_argument("--complaint", help="only this complaint number")

    def handle(self, *args, complaint=None, **options):
        complaints = Complaint.objects.order_by("id")
        if complaint:
            complaints = complaints.filter(number=complaint)
            if not complaints.exists():
                raise CommandError(f"No complaint {complaint}")
        checked = broken = events = 0
        for item in complaints.iterator(chunk_size=500):
            report = verify(item)
            checked += 1
            events += report.events
            if not report.ok:
                broken += 1
                for problem in report.problems:
                    self.stdout.write(f"{item.number}: {problem}")
        self.stdout.write(f"Checked {checked} complaints, {events} events: {broken} with problems.")
        if broken:
            raise CommandError(f"{broken} complaint(s) failed verification", returncode=1)
