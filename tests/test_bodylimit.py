"""Request bodies are capped from Content-Length before anything reads them (tousu/bodylimit.py)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.api.conftest import ApiClient, token_for
from tests.conftest import photo, png_bytes
from tests.portal.conftest import client_for
from tousu.complaints.models import Complaint, Evidence

pytestmark = pytest.mark.django_db


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def evidence_url(complaint) -> str:
    return reverse("portal:add_evidence", args=[complaint.number])


def test_the_default_cap_fits_one_submission_of_photos_or_the_largest_file():
    per_file = max(
        django_settings.TOUSU_EVIDENCE_MAX_VIDEO_BYTES,
        django_settings.TOUSU_EVIDENCE_MAX_PDF_BYTES,
        django_settings.TOUSU_EVIDENCE_MAX_AUDIO_BYTES,
        django_settings.TOUSU_EVIDENCE_MAX_FILES_PER_UPLOAD
        * django_settings.TOUSU_EVIDENCE_MAX_IMAGE_BYTES,
    )
    assert django_settings.TOUSU_MAX_REQUEST_BYTES == per_file + 1024 * 1024


def test_an_oversized_form_is_refused_before_its_body_is_read(complaint, consumer, settings):
    settings.TOUSU_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    response = client_for(consumer).generic(
        "POST",
        evidence_url(complaint),
        b"--x",  # what the client sends instead is Unreadable: nothing may touch it
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10 * 1024 * 1024 + 1),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "at most 10 MB can be sent at once" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_page_speaks_chinese_by_default(complaint, consumer, settings, chinese_default):
    settings.TOUSU_MAX_REQUEST_BYTES = 1000
    client = client_for(consumer, "zh-hans")
    big = SimpleUploadedFile("big.png", png_bytes() + bytes(2000), content_type="image/png")
    response = client.post(evidence_url(complaint), {"files": [big]})
    assert response.status_code == 413
    assert "一次最多可发送" in response.content.decode()


def test_a_form_within_the_cap_goes_through(complaint, consumer):
    response = client_for(consumer).post(evidence_url(complaint), {"files": [photo()]})
    assert response.status_code in (200, 302)
    assert Evidence.objects.count() == 1


def test_the_api_answers_in_its_json_shape(complaint, consumer, settings):
    settings.TOUSU_MAX_REQUEST_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.png", png_bytes() + bytes(1024 * 1024), content_type="image/png")
    api = ApiClient(token_for(consumer), "en")
    response = api.upload(f"/api/v1/complaints/{complaint.number}/evidence", {"file": big})
    assert response.status_code == 413
    assert response.json() == {
        "code": "request_too_large",
        "message": "What you sent is too large: at most 1 MB can be sent at once. "
        "Send fewer files at a time, or smaller ones.",
    }
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("length", ["abc", "-1", "²", "١٢", "1e3", " 12", "1" * 5000])
def test_a_malformed_content_length_is_400_on_pages(complaint, consumer, length):
    response = client_for(consumer).generic(
        "POST",
        evidence_url(complaint),
        b"files=x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert "Content-Length header is not a number" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("length", ["abc", "-1", "1" * 5000])
def test_a_malformed_content_length_is_400_json_under_the_api(consumer, length):
    api = ApiClient(token_for(consumer), "en")
    response = api.client.generic(
        "POST",
        "/api/v1/complaints",
        b"{}",
        content_type="application/json",
        headers=api.headers,
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert not Complaint.objects.exists()


def test_too_much_form_text_is_413_not_a_bare_400(complaint, consumer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(consumer).post(
        reverse("portal:message", args=[complaint.number]), {"body": "长" * 2000}
    )
    assert response.status_code == 413
    assert "The form is too large" in response.content.decode()


def test_an_unreadable_multipart_body_is_a_clear_400(complaint, consumer):
    response = client_for(consumer).generic(
        "POST",
        evidence_url(complaint),
        b"--x\r\nnot a part",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert "The request cannot be read." in response.content.decode()
