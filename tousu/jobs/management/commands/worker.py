"""``tousu worker``: the long-running background process; its jobs are ``tousu.jobs.registry``."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tousu.jobs.registry import JOBS, run_round


class Command(BaseCommand):
    help = "Run the background jobs: " + ", ".join(job.name for job in JOBS) + "."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds to sleep when idle."
        )
        parser.add_argument("--batch", type=int, default=100)

    def handle(self, *args, once: bool, interval: float, batch: int, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            handled = run_round(batch)
            if once:
                self.stdout.write(f"delivered {handled}")
                return
            close_old_connections()  # drop a connection the database closed meanwhile
            if handled < batch:
                time.sleep(interval)

    def _stop(self, *args):
        self.stopping = True
