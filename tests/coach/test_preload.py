"""The jieba dictionary loads when the process starts (the coach app's ready()), in the
background: the first coach request after start-up does not wait seconds for it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tousu.coach import segment

ROOT = Path(__file__).resolve().parents[2]

# A fresh process, as a gunicorn worker or runserver starts: django.setup() only, then
# wait (without any coach call) until the tokenizer is there, then time the first analysis.
FRESH_PROCESS = """
import json, os, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from tousu.coach import segment
from tousu.coach.analysis import analyse
started = time.monotonic()
while not segment.is_ready() and time.monotonic() - started < 60:
    time.sleep(0.05)
ready = segment.is_ready()
clock = time.monotonic()
analyse("11月3日收到的耳机左耳没有声音，我要去砸店。", category="quality", demand="refund_only",
        amount_fen=None, order_number="", evidence_count=0)
print(json.dumps({"ready_without_a_request": ready, "first_analysis": time.monotonic() - clock}))
"""


def test_the_dictionary_is_built_at_start_up_and_the_first_analysis_is_fast(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOUSU_DATA_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["ready_without_a_request"]
    assert result["first_analysis"] < 1.0


def test_preload_starts_one_build_per_process():
    # ready() already started it in this test process; asking again reuses the same thread.
    thread = segment.preload()
    assert segment.preload() is thread
    thread.join(timeout=120)
    assert segment.is_ready()
