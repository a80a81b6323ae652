"""The record ZIP of a complaint holding ~200 MB of evidence is built and sent in bounded memory.

The files are written straight into storage a block at a time (Evidence rows beside them),
so the only large allocations tracemalloc could see are the view's own.
"""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
import zipfile

import pytest

from tests.portal.conftest import client_for
from tousu.complaints.models import Evidence

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
FILES, FILE_MIB = 4, 50  # 200 MiB of evidence
PEAK_LIMIT = 50 * MiB


def store_video(complaint, consumer, media_root, index: int) -> Evidence:
    """A 50 MiB 'video' in storage: an MP4 header, then one random MiB repeated."""
    block = os.urandom(MiB)
    digest = hashlib.sha256()
    head = b"\x00\x00\x00\x18ftypmp42" + bytes(20)
    path = media_root / "evidence" / "big" / f"video-{index}.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for n in range(FILE_MIB):
            chunk = head + block[len(head) :] if n == 0 else block
            digest.update(chunk)
            out.write(chunk)
    return Evidence.objects.create(
        complaint=complaint,
        uploaded_by=consumer,
        party="consumer",
        channel="web",
        file=f"evidence/big/video-{index}.mp4",
        original_name=f"unboxing-{index}.mp4",
        media_type="video",
        content_type="video/mp4",
        extension="mp4",
        size=FILE_MIB * MiB,
        sha256=digest.hexdigest(),
    )


def test_a_200_mb_record_streams_in_bounded_memory(complaint, consumer, settings, tmp_path):
    stored = [store_video(complaint, consumer, settings.MEDIA_ROOT, i) for i in range(FILES)]
    client = client_for(consumer)
    client.get(f"/complaints/{complaint.number}/")  # warm up templates, translations, fonts
    received = tmp_path / "record.zip"

    tracemalloc.start()
    try:
        response = client.get(f"/record/{complaint.number}.zip")
        with open(received, "wb") as out:
            for chunk in response.streaming_content:
                out.write(chunk)
        response.close()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    assert peak < PEAK_LIMIT, f"peak {peak / MiB:.1f} MiB"
    assert received.stat().st_size > FILES * FILE_MIB * MiB
    with zipfile.ZipFile(received) as archive:
        assert archive.testzip() is None  # every CRC checks
        manifest = json.loads(archive.read("manifest.json"))
        listed = {entry["path"]: entry for entry in manifest["files"]}
        for item in stored:
            entry = next(e for p, e in listed.items() if p.startswith(f"evidence/{item.pk:06d}-"))
            assert (entry["sha256"], entry["size"]) == (item.sha256, item.size)
