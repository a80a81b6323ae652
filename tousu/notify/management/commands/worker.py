"""``tousu worker``: the long-running background process.

Each round runs every job once: sweeping due SLA deadlines (tousu.sla.sweep) and overdue
hotline callbacks (tousu.channels.phone.callbacks), sending requested refunds
(tousu.adjudication.refunds), then delivering due notifications from the outbox. No job
calls out (payment system, SMS, e-mail, WeChat) with a database transaction open.
Several workers may run at once.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tousu.adjudication.refunds import send_refunds
from tousu.channels.phone.callbacks import sweep as sweep_callbacks
from tousu.notify.delivery import deliver_due
from tousu.sla.sweep import sweep


class Command(BaseCommand):
    help = "Run background jobs: sweep SLA deadlines and callbacks, send refunds, deliver notifications."

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
            # Deadlines and overdue hotline callbacks first, then the notices they produced.
            handled = (
                sweep(limit=batch).total
                + sweep_callbacks(limit=batch)
                + send_refunds(limit=batch)
                + deliver_due(limit=batch)
            )
            if once:
                self.stdout.write(f"delivered {handled}")
                return
            close_old_connections()  # drop a connection the database closed meanwhile
            if handled < batch:
                time.sleep(interval)

    def _stop(self, *args):
        self.stopping = True
