"""No network call inside a database transaction: while the SMS gateway hangs in the worker,
a consumer's message still commits (file-backed SQLite, where a held transaction would hold
the one write lock). Proven by order of events, not by timing."""

import subprocess
import sys
from pathlib import Path

from tests.file_db import ROOT, SQLITE_ONLY, prepare

pytestmark = SQLITE_ONLY

# One complaint and one SMS waiting in the outbox.
COMPLAINT_AND_SMS = """
from django.utils import timezone
from tousu.complaints import actions
from tousu.complaints import filing
from tousu.notify.models import Outbox
complaint, _ = filing.file_complaint(alice, draft(order.number), channel="web")
Outbox.objects.all().delete()
Outbox.objects.create(medium="sms", recipient=alice, complaint=complaint, topic="acknowledged",
                      context={"number": complaint.number}, dedupe_key="blocking-sms", next_attempt_at=timezone.now())
"""


def test_a_consumer_writes_while_the_sms_gateway_hangs(tmp_path):
    env = prepare(
        tmp_path,
        COMPLAINT_AND_SMS,
        TOUSU_SMS_PROVIDER="tests.notify.blocking_sms.BlockingSms",
        TOUSU_SQLITE_BUSY_TIMEOUT="5",
    )
    script = str(Path(__file__).with_name("blocking_sms.py"))
    worker = subprocess.Popen(
        [sys.executable, script, "worker"],
        env=env,
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        while not (tmp_path / "sending").exists():  # the gateway call has started and hangs
            assert worker.poll() is None, worker.stderr.read()
        writer = subprocess.run(
            [sys.executable, script, "consumer"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert worker.poll() is None  # still inside the gateway call
        assert writer.returncode == 0, writer.stderr
        assert writer.stdout.strip() == "committed"
    finally:
        (tmp_path / "release").touch()
        out, err = worker.communicate(timeout=60)
    assert out.strip() == "1", err
