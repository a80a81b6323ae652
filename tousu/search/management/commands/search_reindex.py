"""``tousu search_reindex``: rebuild the search index from the complaints and their timelines."""

from django.core.management.base import BaseCommand

from tousu.search import bulk


class Command(BaseCommand):
    help = (
        "Rebuild the search index (after an upgrade that added search, or to refresh names). "
        "Batched and rerunnable; --jobs segments in several processes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000, help="complaints per transaction")
        parser.add_argument("--jobs", type=int, default=1, help="segmenting processes")
        parser.add_argument("--from-id", type=int, default=0, help="start at this complaint id")

    def handle(self, *args, batch: int, jobs: int, from_id: int, **options):
        def progress(n: int) -> None:
            if n % 100_000 < batch:
                self.stdout.write(f"{n} complaints indexed")

        total = bulk.rebuild(
            batch=max(1, batch), jobs=max(1, jobs), start=from_id, progress=progress
        )
        if from_id == 0:
            bulk.optimize()
        self.stdout.write(self.style.SUCCESS(f"{total} complaints indexed"))
