"""``tousu worker``: the long-running background process.

Each round runs every job in ``JOBS`` once, in order. No job calls out (payment system,
call centre, SMS, e-mail, WeChat) with a database transaction open: each claims its due
rows in a short transaction, calls out, then records the result in another. Several
workers may run at once.
"""

import signal
import time
from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tousu.adjudication.refunds import send_refunds
from tousu.channels.phone.callbacks import sweep as sweep_callbacks
from tousu.channels.phone.recordings import fetch_due as fetch_recordings
from tousu.notify.delivery import deliver_due
from tousu.sla.sweep import sweep

# (name, step): each step takes at most ``limit`` rows and returns how many it handled.
# Deadlines and overdue callbacks come first, the notices they produce last.
JOBS: list[tuple[str, Callable[[int], int]]] = [
    ("deadlines", lambda limit: sweep(limit=limit).total),  # tousu.sla.sweep
    ("callbacks", lambda limit: sweep_callbacks(limit=limit)),  # overdue hotline callbacks
    ("refunds", lambda limit: send_refunds(limit=limit)),  # to the payment system
    ("recordings", lambda limit: fetch_recordings(limit=limit)),  # from the call centre
    ("notifications", lambda limit: deliver_due(limit=limit)),  # the outbox
]


def run_once(limit: int) -> int:
    """One round of every job. Returns how many rows they handled in all."""
    return sum(step(limit) for _name, step in JOBS)


class Command(BaseCommand):
    help = (
        "Run background jobs: sweep SLA deadlines and callbacks, send refunds, download call "
        "recordings, deliver notifications."
    )

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
            handled = run_once(batch)
            if once:
                self.stdout.write(f"delivered {handled}")
                return
            close_old_connections()  # drop a connection the database closed meanwhile
            if handled < batch:
                time.sleep(interval)

    def _stop(self, *args):
        self.stopping = True
