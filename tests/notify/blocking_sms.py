"""Run as separate processes by test_no_lock_while_sending: a worker whose SMS gateway blocks,
and a consumer writing while it does. Also the blocking SMS provider itself."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")


class BlockingSms:
    """An SMS gateway that hangs until the test releases it (a file appears)."""

    def send(self, phone, template, params, message_id) -> None:
        folder = Path(os.environ["TOUSU_DATA_DIR"])
        (folder / "sending").touch()
        for _ in range(1200):  # at most a minute, so a broken test cannot hang CI
            if (folder / "release").exists():
                return
            time.sleep(0.05)
        raise TimeoutError("never released")


def worker() -> None:
    from tousu.notify.delivery import deliver_due

    print(deliver_due())


def consumer_writes() -> None:
    from tousu.accounts.models import User
    from tousu.complaints import actions
    from tousu.complaints.models import Complaint

    alice = User.objects.get(username="alice")
    actions.post_message(
        Complaint.objects.get(), alice, "还没收到退款，请尽快处理。", channel="web"
    )
    print("committed")


if __name__ == "__main__":
    django.setup()
    {"worker": worker, "consumer": consumer_writes}[sys.argv[1]]()
