"""Evidence file checks: the type comes from the bytes, never from the file name."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from tousu.complaints.choices import MediaType
from tousu.complaints.errors import EvidenceRejected


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    content_type: str
    extension: str


def sniff(head: bytes) -> Sniffed | None:
    """Recognise the allowed formats by their leading bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(MediaType.IMAGE, "image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(MediaType.IMAGE, "image/png", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed(MediaType.IMAGE, "image/gif", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(MediaType.IMAGE, "image/webp", "webp")
    if head.startswith(b"%PDF-"):
        return Sniffed(MediaType.PDF, "application/pdf", "pdf")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed(MediaType.AUDIO, "audio/wav", "wav")
    if head.startswith(b"ID3") or _mpeg_audio_frame(head):
        return Sniffed(MediaType.AUDIO, "audio/mpeg", "mp3")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in {b"M4A ", b"M4B "}:
            return Sniffed(MediaType.AUDIO, "audio/mp4", "m4a")
        if brand == b"qt  ":
            return Sniffed(MediaType.VIDEO, "video/quicktime", "mov")
        if brand in {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"M4V ", b"3gp4", b"3gp5"}:
            return Sniffed(MediaType.VIDEO, "video/mp4", "mp4")
    return None


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG-1/2/2.5 Layer III frame header (an MP3 without an ID3 tag).

    11 sync bits, a version other than the reserved 01, layer bits 01 (Layer III):
    AAC's ADTS headers (layer 00) and JPEG's FF D8 do not match.
    """
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate not in (0b0000, 0b1111) and rate != 0b11


def _limit(media_type: str) -> int:
    return {
        MediaType.IMAGE: settings.TOUSU_EVIDENCE_MAX_IMAGE_BYTES,
        MediaType.VIDEO: settings.TOUSU_EVIDENCE_MAX_VIDEO_BYTES,
        MediaType.PDF: settings.TOUSU_EVIDENCE_MAX_PDF_BYTES,
        MediaType.AUDIO: settings.TOUSU_EVIDENCE_MAX_AUDIO_BYTES,
    }[media_type]


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    sniffed: Sniffed
    sha256: str
    name: str


def check_upload(uploaded, *, audio: bool = False) -> CheckedFile:
    """Read an uploaded file, check its real type and size, hash it.

    Audio is accepted only with ``audio=True`` (``tousu.complaints.evidence.may_attach_audio``:
    call recordings from the phone channel, files from platform staff). Raises
    ``EvidenceRejected`` with a message the uploader can act on.
    """
    name = (getattr(uploaded, "name", "") or "file")[-200:]
    ceiling = max(
        settings.TOUSU_EVIDENCE_MAX_IMAGE_BYTES,
        settings.TOUSU_EVIDENCE_MAX_VIDEO_BYTES,
        settings.TOUSU_EVIDENCE_MAX_PDF_BYTES,
        settings.TOUSU_EVIDENCE_MAX_AUDIO_BYTES,
    )
    if getattr(uploaded, "size", 0) and uploaded.size > ceiling:
        raise EvidenceRejected(_too_big(name, ceiling), field="evidence")
    content = uploaded.read(ceiling + 1)
    if not content:
        raise EvidenceRejected(_("“%(name)s” is empty.") % {"name": name}, field="evidence")
    sniffed = sniff(content[:32])
    if sniffed is None:
        raise EvidenceRejected(
            _("“%(name)s” is not a photo (JPEG, PNG, GIF, WebP), a video (MP4, MOV) or a PDF.")
            % {"name": name},
            field="evidence",
        )
    if sniffed.media_type == MediaType.AUDIO and not audio:
        raise EvidenceRejected(
            _(
                "“%(name)s” is an audio recording. Recordings are added by the phone hotline only; "
                "please send photos, videos or PDFs."
            )
            % {"name": name},
            field="evidence",
        )
    if len(content) > _limit(sniffed.media_type):
        raise EvidenceRejected(_too_big(name, _limit(sniffed.media_type)), field="evidence")
    if sniffed.media_type == MediaType.IMAGE:
        _verify_image(content, name)
    return CheckedFile(content, sniffed, hashlib.sha256(content).hexdigest(), name)


def _too_big(name: str, limit: int) -> str:
    return _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)}


def _too_many_pixels(name: str) -> EvidenceRejected:
    limit = settings.TOUSU_EVIDENCE_MAX_IMAGE_PIXELS
    return EvidenceRejected(
        _(
            "“%(name)s” is too large a picture: more than %(limit)s megapixels. Please send a smaller photo "
            "or a screenshot."
        )
        % {"name": name, "limit": f"{limit / 1_000_000:g}"},
        field="evidence",
    )


def _verify_image(content: bytes, name: str) -> None:
    """Open the header, refuse a decompression bomb by its declared size, then check the whole file.

    A few kilobytes can declare 30,000 × 30,000 pixels (gigabytes once decoded); the size is
    read from the header before anything is decoded. Pillow's own alarm (a warning past
    ``Image.MAX_IMAGE_PIXELS``, an error past twice that) gives the same answer.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(BytesIO(content)) as image:
                if image.width * image.height > settings.TOUSU_EVIDENCE_MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(name)
                image.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise EvidenceRejected(
            _("“%(name)s” looks like a picture but cannot be opened; it may be damaged.")
            % {"name": name},
            field="evidence",
        ) from None
