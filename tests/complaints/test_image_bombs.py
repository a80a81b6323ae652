"""Decompression bombs: a small file that declares a huge picture is refused with a clear message."""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import ApiClient, token_for
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import EvidenceRejected


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def declared_png(width: int, height: int) -> bytes:
    """A well-formed 1-bit greyscale PNG header declaring ``width`` × ``height``; a few hundred bytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(
        b"\x00" * (1 + (width + 7) // 8) * 4, 9
    )  # the first rows only: never decoded
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str = "bomb.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.parametrize("side", [30_000, 100_000])  # 900 million and 10 billion pixels
def test_a_bomb_far_beyond_the_limit_is_refused(complaint, consumer, side):
    data = declared_png(side, side)
    assert len(data) < 20_000
    with pytest.raises(EvidenceRejected) as error:
        uploads.add_evidence(complaint, consumer, upload(data), channel=Channel.WEB)
    assert "bomb.png" in error.value.text() and "megapixels" in error.value.text()
    assert not complaint.evidence.exists()


def test_a_picture_just_over_the_setting_is_refused(complaint, consumer, settings):
    # Below Pillow's own alarm (89 million pixels): only the setting stops it.
    settings.TOUSU_EVIDENCE_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(EvidenceRejected) as error:
        uploads.add_evidence(
            complaint, consumer, upload(declared_png(1001, 1000)), channel=Channel.WEB
        )
    assert "1 megapixels" in error.value.text()
    assert not complaint.evidence.exists()


def test_a_picture_at_the_setting_is_accepted(complaint, consumer, settings):
    settings.TOUSU_EVIDENCE_MAX_IMAGE_PIXELS = 1_000_000
    item, created = uploads.add_evidence(
        complaint, consumer, upload(declared_png(1000, 1000)), channel=Channel.WEB
    )
    assert created and item.media_type == "image"


def test_the_api_answers_422_in_the_callers_language(complaint, consumer):
    client = ApiClient(token_for(consumer), language="zh-hans")
    response = client.upload(
        f"/api/v1/complaints/{complaint.number}/evidence",
        {"file": upload(declared_png(30_000, 30_000))},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "evidence_rejected" and "像素" in body["message"]
    assert not complaint.evidence.exists()
