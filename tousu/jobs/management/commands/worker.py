"""``tousu worker``: the long-running background process; its jobs are ``tousu.jobs.registry``."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections

from tousu.jobs.registry import JOBS, run_round

log = logging.getLogger("tousu.worker")


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
            try:
                handled = run_round(batch)
            except DatabaseError:
                # The database went away (a restart, a failover): nothing was lost, every job
                # claims with leases; wait and go on rather than exit and rely on a supervisor.
                log.exception("tousu worker: database error, retrying in %s s", interval)
                connections.close_all()
                if once:
                    raise
                time.sleep(interval)
                continue
            if once:
                self.stdout.write(f"delivered {handled}")
                return
            close_old_connections()  # drop a connection the database closed meanwhile
            if handled < batch:
                time.sleep(interval)

    def _stop(self, *args):
        self.stopping = True
