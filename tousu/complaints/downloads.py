"""How evidence leaves the server: a name the server chooses, the type found in the bytes.

Every evidence response (the pages' ``/evidence/<id>/`` and the API's
``/api/v1/evidence/<id>``) is named ``<complaint number>-<evidence id>.<extension>``, the
extension and ``Content-Type`` those ``tousu.complaints.files.sniff`` found when the file
was accepted; the uploader's own file name is never sent back in a header. It carries
``X-Content-Type-Options: nosniff``, so a browser never second-guesses the type, and a
policy of its own (``FILE_POLICY``): nothing in the file may run, load or frame anything.

A picture is sent ``inline`` on the pages (the ``<img>`` tags and "open full size" point
at it): it is a JPEG, PNG, GIF or WebP whose header Pillow has read, served as exactly
that type. Everything else — PDF, video, audio — and a picture asked for with
``?download=1`` is an ``attachment``: saved, never opened in the site's origin.
``<audio>`` and ``<video>`` elements still play an attachment (the disposition governs
navigation only). The API always sends attachments.
"""

from __future__ import annotations

from django.http import FileResponse

from tousu.complaints.choices import MediaType
from tousu.complaints.models import Evidence

# Firefox styles its own image viewer inline; nothing else is allowed, and the sandbox
# denies scripts, forms and the site's origin even to a document that slipped through.
FILE_POLICY = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; sandbox"
)


def download_name(item: Evidence) -> str:
    """``TS20260301000001-42.jpg``: complaint number, evidence id, the detected extension."""
    return f"{item.complaint.number}-{item.pk}.{item.extension}"


def shown_inline(item: Evidence, download: bool = False) -> bool:
    return item.media_type == MediaType.IMAGE and not download


def file_response(item: Evidence, *, inline: bool, cache: str) -> FileResponse:
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not inline,
        filename=download_name(item),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = cache
    return response
