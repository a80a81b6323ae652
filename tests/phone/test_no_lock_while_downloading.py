"""No network call inside a database transaction: while the worker's download of a call
recording hangs, a consumer's message still commits (file-backed SQLite, where a held
transaction would hold the one write lock). Proven by order of events, not by timing."""

import subprocess
import sys
from pathlib import Path

from tests.file_db import ROOT, SQLITE_ONLY, prepare

pytestmark = SQLITE_ONLY

# Alice's complaint, a call about it and the recording the call centre announced.
CALL_AND_RECORDING = """
from django.utils import timezone
from tousu.channels.phone.models import Call, Recording
from tousu.complaints import actions
from tousu.complaints import filing
complaint, _ = filing.file_complaint(alice, draft(order.number), channel="web")
call = Call.objects.create(call_id="c-1", caller=alice.phone, consumer=alice, complaint=complaint,
                           started_at=timezone.now())
Recording.objects.create(call=call, url="https://cc.example/rec/c-1.mp3", next_attempt_at=timezone.now())
"""

CHECK = """
from tousu.channels.phone.models import Recording
from tousu.complaints.models import Evidence
print(Recording.objects.get().state, Evidence.objects.count())
"""


def test_a_consumer_writes_while_a_recording_download_hangs(tmp_path):
    env = prepare(tmp_path, CALL_AND_RECORDING, TOUSU_SQLITE_BUSY_TIMEOUT="5")
    script = str(Path(__file__).with_name("blocking_recording.py"))
    worker = subprocess.Popen(
        [sys.executable, script, "worker"],
        env=env,
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        while not (tmp_path / "downloading").exists():  # the download has started and hangs
            assert worker.poll() is None, worker.stderr.read()
        writer = subprocess.run(
            [sys.executable, script, "consumer"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert worker.poll() is None  # still inside the download
        assert writer.returncode == 0, writer.stderr
        assert writer.stdout.strip() == "committed"
    finally:
        (tmp_path / "release").touch()
        out, err = worker.communicate(timeout=60)
    assert out.strip() == "1", err
    check = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + CHECK],
        env={**env, "DJANGO_SETTINGS_MODULE": "tousu.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.stdout.split() == ["attached", "1"], check.stderr
