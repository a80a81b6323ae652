"""Run as separate processes by test_no_lock_while_downloading: a worker whose download of a
call recording hangs, and a consumer writing while it does."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(range(256)) * 4


def blocking_fetch(url: str, limit: int) -> bytes:
    """The call centre's file server, hanging until the test releases it (a file appears)."""
    folder = Path(os.environ["TOUSU_DATA_DIR"])
    (folder / "downloading").touch()
    for _ in range(1200):  # at most a minute, so a broken test cannot hang CI
        if (folder / "release").exists():
            return MP3
        time.sleep(0.05)
    raise TimeoutError("never released")


def worker() -> None:
    from tousu.channels.phone import recordings, transport

    transport.fetch = blocking_fetch
    print(recordings.fetch_due())


def consumer_writes() -> None:
    from tousu.accounts.models import User
    from tousu.complaints import actions
    from tousu.complaints.models import Complaint

    alice = User.objects.get(username="alice")
    actions.post_message(Complaint.objects.get(), alice, "电话里说的录音收到了吗？", channel="web")
    print("committed")


if __name__ == "__main__":
    django.setup()
    {"worker": worker, "consumer": consumer_writes}[sys.argv[1]]()
