"""Parallel writers on the SQLite default queue up instead of failing with "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)

SETUP = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.conftest import make_order, make_user
from tousu.merchants.models import Merchant
alice = make_user("alice", "consumer")
shop = Merchant.objects.create(shop_name="s", legal_name="l", registered_address="a", city="上海", external_id="M1")
make_order(alice, shop, "202611200001")
"""

COUNT_SQL = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from tousu.complaints.models import Complaint
numbers = sorted(Complaint.objects.values_list("number", flat=True))
print(len(numbers), len(set(numbers)), sorted(int(n[-6:]) for n in numbers) == list(range(1, len(numbers) + 1)))
"""


def test_four_processes_file_at_once_and_every_complaint_lands(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TOUSU_DATA_DIR": str(tmp_path), "PYTHONPATH": str(root)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, cwd=root)
    writer = Path(__file__).with_name("sqlite_writer.py")
    procs = [
        subprocess.Popen([sys.executable, str(writer), "15"], env=env, cwd=root, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    failures = [p.stderr.read() for p in procs if p.wait() != 0]
    assert failures == []
    out = subprocess.run([sys.executable, "-c", COUNT_SQL], env=env, check=True, cwd=root,
                         capture_output=True, text=True).stdout.split()
    assert out == ["60", "60", "True"]
