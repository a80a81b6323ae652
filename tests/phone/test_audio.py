"""Call recordings are recognised by their bytes: MP3 (ID3 or a bare frame), WAV, M4A."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tousu.complaints.errors import EvidenceRejected
from tousu.complaints.files import check_upload, sniff

MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 100
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 100
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + b"\x00" * 100


@pytest.mark.parametrize(
    "head, content_type, ext",
    [
        (MP3_ID3, "audio/mpeg", "mp3"),
        (MP3_FRAME, "audio/mpeg", "mp3"),
        (WAV, "audio/wav", "wav"),
        (M4A, "audio/mp4", "m4a"),
    ],
)
def test_audio_is_sniffed(head, content_type, ext):
    found = sniff(head[:32])
    assert (found.media_type, found.content_type, found.extension) == ("audio", content_type, ext)


@pytest.mark.parametrize(
    "head",
    [
        b"\xff\xf1\x50\x80" + b"\x00" * 28,  # AAC ADTS: layer 00, not MP3
        b"\xff\xfb\xf0\x64" + b"\x00" * 28,  # bad bitrate index
        b"\xff\xff\xff\xff" + b"\x00" * 28,
        b"RIFF\x24\x00\x00\x00AVI " + b"\x00" * 20,
        b"MZ\x90\x00" + b"\x00" * 28,
    ],
)
def test_lookalikes_are_not_audio(head):
    found = sniff(head)
    assert found is None or found.media_type != "audio"


def test_jpeg_and_mp4_are_unchanged():
    assert sniff(b"\xff\xd8\xff\xe0" + b"\x00" * 28).content_type == "image/jpeg"
    assert sniff(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 20).content_type == "video/mp4"


def test_audio_size_limit(settings):
    settings.TOUSU_EVIDENCE_MAX_AUDIO_BYTES = 50
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(SimpleUploadedFile("call.wav", WAV), audio=True)
    assert "larger than" in refused.value.text()
    settings.TOUSU_EVIDENCE_MAX_AUDIO_BYTES = 10_000
    assert check_upload(SimpleUploadedFile("call.wav", WAV), audio=True).sniffed.extension == "wav"


def test_audio_is_refused_unless_allowed():
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(SimpleUploadedFile("录音.wav", WAV))
    assert "“录音.wav” is an audio recording" in refused.value.text()
