"""No network call inside a database transaction: while the webhook receiver hangs, a
consumer's message still commits (file-backed SQLite, where a held transaction would hold
the one write lock) and queues its own delivery. Proven by order of events, not by timing."""

import subprocess
import sys
import threading
from pathlib import Path

from tests.file_db import ROOT, SQLITE_ONLY, prepare

pytestmark = SQLITE_ONLY

# A shop's staff subscribed to messages, and one message waiting to be delivered.
SUBSCRIBED_AND_QUEUED = """
from tousu.complaints import actions
from tousu.complaints import filing
from tousu.webhooks import actions as webhooks
keeper = make_user("keeper", "merchant")
shop.staff.add(keeper)
webhooks.create_subscription(keeper, webhooks.Wanted(url={url!r}, event_types=("complaint.message_added",)))
complaint, _ = filing.file_complaint(alice, draft(order.number), channel="web")
actions.post_message(complaint, alice, "请尽快处理。", channel="web")
"""


def test_a_consumer_writes_while_the_receiver_hangs(tmp_path, receiver):
    receiver.release = threading.Event()
    env = prepare(
        tmp_path,
        SUBSCRIBED_AND_QUEUED.format(url=receiver.url),
        TOUSU_WEBHOOK_ALLOW_PRIVATE="1",
        TOUSU_SQLITE_BUSY_TIMEOUT="5",
    )
    script = str(Path(__file__).with_name("processes.py"))
    worker = subprocess.Popen(
        [sys.executable, script, "worker"],
        env=env,
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert receiver.arrived.wait(60), "the worker never called the receiver"
        writer = subprocess.run(
            [sys.executable, script, "consumer"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert worker.poll() is None  # still waiting on the receiver
        assert writer.returncode == 0, writer.stderr
        assert writer.stdout.strip() == "committed"
    finally:
        receiver.release.set()
        out, err = worker.communicate(timeout=60)
    assert out.strip() == "1", err
    states = subprocess.run(
        [sys.executable, script, "states"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    # The first delivered; the consumer's new message queued its own.
    assert states.stdout.strip() == "['delivered', 'pending']", states.stderr
