"""Run as separate processes by test_no_lock_while_posting: the webhook worker, and a
consumer writing while the worker waits on the receiver (and a look at the deliveries)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")


def worker() -> None:
    from tousu.webhooks.delivery import deliver_due

    print(deliver_due())


def consumer_writes() -> None:
    from tousu.accounts.models import User
    from tousu.complaints import actions
    from tousu.complaints.models import Complaint

    alice = User.objects.get(username="alice")
    actions.post_message(Complaint.objects.get(), alice, "商家还没回复。", channel="web")
    print("committed")


def states() -> None:
    from tousu.webhooks.models import Delivery

    print(sorted(Delivery.objects.values_list("state", flat=True)))


if __name__ == "__main__":
    django.setup()
    {"worker": worker, "consumer": consumer_writes, "states": states}[sys.argv[1]]()
