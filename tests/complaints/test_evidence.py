"""Evidence files: the type comes from the content, size is capped, nothing is overwritten."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import photo, png_bytes
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import EvidenceRejected, TransitionNotAllowed
from tousu.complaints.files import sniff


@pytest.mark.parametrize(
    "head, content_type",
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 28, "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 24, "image/png"),
        (b"%PDF-1.7\n" + b"\x00" * 23, "application/pdf"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 20, "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 20, "video/quicktime"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 16, "image/webp"),
    ],
)
def test_known_formats_are_recognised_by_their_bytes(head, content_type):
    assert sniff(head).content_type == content_type


@pytest.mark.parametrize(
    "head", [b"MZ\x90\x00", b"\x7fELF\x02\x01", b"<html><script>", b"PK\x03\x04"]
)
def test_executables_and_other_formats_are_not(head):
    assert sniff(head + b"\x00" * 28) is None


def test_executable_renamed_jpg_is_refused(complaint, consumer):
    exe = SimpleUploadedFile(
        "holiday.jpg", b"MZ\x90\x00" + b"\x00" * 500, content_type="image/jpeg"
    )
    with pytest.raises(EvidenceRejected) as error:
        uploads.add_evidence(complaint, consumer, exe, channel=Channel.WEB)
    assert "holiday.jpg" in error.value.text()
    assert not complaint.evidence.exists()


def test_damaged_picture_is_refused(complaint, consumer):
    broken = SimpleUploadedFile("x.png", png_bytes()[:30], content_type="image/png")
    with pytest.raises(EvidenceRejected):
        uploads.add_evidence(complaint, consumer, broken, channel=Channel.WEB)


def test_oversized_picture_is_refused(complaint, consumer, settings):
    settings.TOUSU_EVIDENCE_MAX_IMAGE_BYTES = 50
    with pytest.raises(EvidenceRejected) as error:
        uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    assert "MB" in error.value.text()
    assert not complaint.evidence.exists()


def test_same_bytes_twice_keep_one_record(complaint, consumer):
    first, created = uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    again, created_again = uploads.add_evidence(
        complaint, consumer, photo("renamed.png"), channel=Channel.WEB
    )
    assert created and not created_again and first.pk == again.pk
    assert complaint.evidence.count() == 1


def test_stored_file_matches_its_hash_and_is_never_modified(complaint, consumer):
    evidence, _ = uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    with evidence.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == evidence.sha256
    evidence.caption = "changed"
    with pytest.raises(RuntimeError):
        evidence.save()


def test_merchant_of_the_shop_may_add_evidence_but_not_another_shop(
    complaint, merchant_staff, other_merchant_staff
):
    uploads.add_evidence(complaint, merchant_staff, photo(color=(1, 2, 3)), channel=Channel.WEB)
    with pytest.raises(TransitionNotAllowed):
        uploads.add_evidence(
            complaint, other_merchant_staff, photo(color=(4, 5, 6)), channel=Channel.WEB
        )


def test_outsider_cannot_add_evidence(complaint, outsider):
    with pytest.raises(TransitionNotAllowed):
        uploads.add_evidence(complaint, outsider, photo(), channel=Channel.WEB)
    assert not complaint.evidence.exists()


def test_file_count_per_complaint_is_capped(complaint, consumer, settings):
    settings.TOUSU_EVIDENCE_MAX_FILES_PER_COMPLAINT = 1
    uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    with pytest.raises(EvidenceRejected):
        uploads.add_evidence(complaint, consumer, photo(color=(0, 0, 0)), channel=Channel.WEB)
