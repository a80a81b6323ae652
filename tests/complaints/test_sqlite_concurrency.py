"""Parallel writers on the SQLite default queue up instead of failing with "database is locked"."""

import subprocess
import sys
from pathlib import Path

from tests.file_db import ROOT, SQLITE_ONLY, prepare

pytestmark = SQLITE_ONLY

COUNT_SQL = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from tousu.complaints.models import Complaint
numbers = sorted(Complaint.objects.values_list("number", flat=True))
print(len(numbers), len(set(numbers)), sorted(int(n[-6:]) for n in numbers) == list(range(1, len(numbers) + 1)))
"""


def test_four_processes_file_at_once_and_every_complaint_lands(tmp_path):
    env = prepare(tmp_path)
    writer = Path(__file__).with_name("sqlite_writer.py")
    procs = [
        subprocess.Popen(
            [sys.executable, str(writer), "15"],
            env=env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    failures = [p.stderr.read() for p in procs if p.wait() != 0]
    assert failures == []
    out = subprocess.run(
        [sys.executable, "-c", COUNT_SQL],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == ["60", "60", "True"]
