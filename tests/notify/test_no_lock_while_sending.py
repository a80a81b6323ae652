"""No network call inside a database transaction: while the SMS gateway hangs in the worker,
a consumer's message still commits (file-backed SQLite, where a held transaction would hold
the one write lock). Proven by order of events, not by timing."""

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
from django.utils import timezone
call_command("migrate", verbosity=0)
from tests.conftest import draft, make_order, make_user
from tousu.complaints import actions
from tousu.merchants.models import Merchant
from tousu.notify.models import Outbox
alice = make_user("alice", "consumer", phone="+8613812341234")
shop = Merchant.objects.create(shop_name="s", legal_name="l", registered_address="a", city="上海", external_id="M1")
order = make_order(alice, shop, "202611200001")
complaint, _ = actions.file_complaint(alice, draft(order.number), channel="web")
Outbox.objects.all().delete()
Outbox.objects.create(medium="sms", recipient=alice, complaint=complaint, topic="acknowledged",
                      context={"number": complaint.number}, dedupe_key="blocking-sms", next_attempt_at=timezone.now())
"""


def test_a_consumer_writes_while_the_sms_gateway_hangs(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TOUSU_DATA_DIR": str(tmp_path), "PYTHONPATH": str(root),
           "TOUSU_SMS_PROVIDER": "tests.notify.blocking_sms.BlockingSms", "TOUSU_SQLITE_BUSY_TIMEOUT": "5"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, cwd=root)
    script = str(Path(__file__).with_name("blocking_sms.py"))
    worker = subprocess.Popen([sys.executable, script, "worker"], env=env, cwd=root, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while not (tmp_path / "sending").exists():  # the gateway call has started and hangs
            assert worker.poll() is None, worker.stderr.read()
        writer = subprocess.run([sys.executable, script, "consumer"], env=env, cwd=root, capture_output=True,
                                text=True)
        assert worker.poll() is None  # still inside the gateway call
        assert writer.returncode == 0, writer.stderr
        assert writer.stdout.strip() == "committed"
    finally:
        (tmp_path / "release").touch()
        out, err = worker.communicate(timeout=60)
    assert out.strip() == "1", err
