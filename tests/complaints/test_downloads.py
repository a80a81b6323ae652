"""What leaves the server as a file: names the server chose, the detected type, nosniff."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.api.conftest import ApiClient, token_for
from tests.conftest import png_bytes
from tests.portal.conftest import client_for
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.downloads import FILE_POLICY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 200


def add(complaint, consumer, name: str, content: bytes, content_type: str):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    item, _created = uploads.add_evidence(complaint, consumer, upload, channel=Channel.WEB)
    return item


def test_nosniff_is_on_for_every_response():
    assert django_settings.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert "django.middleware.security.SecurityMiddleware" in django_settings.MIDDLEWARE


def test_a_picture_is_inline_under_the_servers_name(complaint, consumer):
    # An uploader's name that would be dangerous in a header or on disk is never sent back.
    item = add(complaint, consumer, '..\\evil".html', png_bytes(), "text/html")
    response = client_for(consumer).get(reverse("evidence", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'inline; filename="{complaint.number}-{item.pk}.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_POLICY
    assert "evil" not in str(response.headers)
    assert b"".join(response.streaming_content) == png_bytes()


def test_a_picture_asked_for_as_a_download_is_an_attachment(complaint, consumer):
    item = add(complaint, consumer, "photo.png", png_bytes(), "image/png")
    response = client_for(consumer).get(reverse("evidence", args=[item.pk]) + "?download=1")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{complaint.number}-{item.pk}.png"'
    )


def test_a_pdf_is_always_an_attachment_with_the_detected_extension(complaint, consumer):
    item = add(complaint, consumer, "receipt.html", PDF, "text/html")
    response = client_for(consumer).get(reverse("evidence", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{complaint.number}-{item.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "receipt" not in str(response.headers)


def test_the_api_always_sends_an_attachment(complaint, consumer):
    item = add(complaint, consumer, "photo.png", png_bytes(), "image/png")
    response = ApiClient(token_for(consumer)).get(reverse("api:evidence_file", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{complaint.number}-{item.pk}.png"'
    )
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == FILE_POLICY


def test_the_record_zip_and_the_12315_pdf_carry_nosniff(complaint, consumer):
    client = client_for(consumer)
    record = client.get(f"/record/{complaint.number}.zip")
    assert record.status_code == 200
    assert record["Content-Disposition"] == f'attachment; filename="{complaint.number}-record.zip"'
    assert record["X-Content-Type-Options"] == "nosniff"
    assert int(record["Content-Length"]) == len(record.getvalue())
    drafted = client.get(reverse("escalation:draft_pdf", args=[complaint.number]))
    assert drafted.status_code == 200 and drafted["Content-Type"] == "application/pdf"
    assert drafted["X-Content-Type-Options"] == "nosniff"
    assert drafted["Content-Disposition"].startswith("attachment;")
