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


def run_writers(env: dict, processes: int = 4, each: int = 15) -> int:
    """``processes`` processes file ``each`` complaints at once as alice; how many were refused."""
    writer = Path(__file__).with_name("sqlite_writer.py")
    procs = [
        subprocess.Popen(
            [sys.executable, str(writer), str(each)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    outputs = [p.communicate() for p in procs]
    assert [err for (_out, err), p in zip(outputs, procs) if p.returncode != 0] == []
    return sum(int(out) for out, _err in outputs)


def count_complaints(env: dict) -> list[str]:
    return subprocess.run(
        [sys.executable, "-c", COUNT_SQL],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()


def test_four_processes_file_at_once_and_every_complaint_lands(tmp_path):
    # The account's filing limits are not this test's subject: off.
    env = prepare(tmp_path, TOUSU_FILING_LIMIT_PER_HOUR="0", TOUSU_FILING_LIMIT_PER_DAY="0")
    assert run_writers(env) == 0
    assert count_complaints(env) == ["60", "60", "True"]


def test_the_filing_limit_holds_across_processes(tmp_path):
    env = prepare(tmp_path, TOUSU_FILING_LIMIT_PER_HOUR="20", TOUSU_FILING_LIMIT_PER_DAY="0")
    assert run_writers(env) == 40
    assert count_complaints(env) == ["20", "20", "True"]
