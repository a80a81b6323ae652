"""Run as a separate process by test_sqlite_concurrency: files complaints into a file DB."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()

from tousu.accounts.models import User  # noqa: E402
from tousu.complaints import actions, filing  # noqa: E402
from tousu.complaints.errors import FilingLimitReached  # noqa: E402


def main(count: int) -> None:
    """Try ``count`` filings; prints how many the account's filing limit refused."""
    consumer = User.objects.get(username="alice")
    refused = 0
    for n in range(count):
        try:
            file_one(consumer, n)
        except FilingLimitReached:
            refused += 1
    print(refused)


def file_one(consumer, n: int) -> None:
    filing.file_complaint(
        consumer,
        filing.Draft(
            kind="after_sales",
            category="quality",
            demand="return_refund",
            description=f"进程 {os.getpid()} 第 {n} 次",
            order_number="202611200001",
            amount_fen=100,
        ),
        channel="app",
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
