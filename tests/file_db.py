"""A file-backed SQLite database shared by separate processes, for the tests that prove what
happens when two processes write at once (the in-memory test database cannot show it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
SQLITE_ONLY = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")

# Migrated database with alice, a shop and her order 202611200001; ``extra`` runs after it.
SETUP = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.conftest import draft, make_order, make_user
from tousu.merchants.models import Merchant
alice = make_user("alice", "consumer", phone="+8613812341234")
shop = Merchant.objects.create(shop_name="s", legal_name="l", registered_address="a", city="上海", external_id="M1")
order = make_order(alice, shop, "202611200001")
"""


def prepare(tmp_path: Path, extra: str = "", **env_vars: str) -> dict:
    """Create the database under ``tmp_path``; returns the environment the test's processes use."""
    env = {**os.environ, "TOUSU_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), **env_vars}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", SETUP + extra], env=env, check=True, cwd=ROOT)
    return env
