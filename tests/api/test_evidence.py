"""POST /api/v1/complaints/{number}/evidence and GET /api/v1/evidence/{id}."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tests.conftest import photo, png_bytes
from tousu.complaints.models import Evidence


def url(complaint) -> str:
    return f"/api/v1/complaints/{complaint.number}/evidence"


def test_upload_photo(consumer, complaint, api_as):
    response = api_as(consumer).upload(url(complaint), {"file": photo(), "caption": "左耳"})
    assert response.status_code == 201
    body = response.json()
    item = Evidence.objects.get()
    assert body["id"] == item.pk
    assert body["sha256"] == hashlib.sha256(png_bytes()).hexdigest()
    assert body["size"] == len(png_bytes())
    assert body["media_type"] == "image" and body["content_type"] == "image/png"
    assert body["caption"] == "左耳"
    assert body["url"] == reverse("evidence", args=[item.pk])
    assert body["uploaded_at"].endswith("+08:00")


def test_same_bytes_twice_returns_same_evidence(consumer, complaint, api_as):
    client = api_as(consumer)
    first = client.upload(url(complaint), {"file": photo("a.png")})
    again = client.upload(url(complaint), {"file": photo("b.png")})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Evidence.objects.count() == 1


def test_executable_renamed_jpg_is_rejected(consumer, complaint, api_as):
    fake = SimpleUploadedFile(
        "receipt.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg"
    )
    response = api_as(consumer).upload(url(complaint), {"file": fake})
    assert response.status_code == 422
    assert response.json()["code"] == "evidence_rejected"
    assert "file" in response.json()["fields"]  # the request field
    assert not Evidence.objects.exists()


@override_settings(TOUSU_EVIDENCE_MAX_IMAGE_BYTES=20)
def test_oversized_upload_is_rejected(consumer, complaint, api_as):
    response = api_as(consumer).upload(url(complaint), {"file": photo()})
    assert response.status_code == 422
    assert response.json()["code"] == "evidence_rejected"
    assert not Evidence.objects.exists()


def test_missing_file_is_422(consumer, complaint, api_as):
    response = api_as(consumer, "en").upload(url(complaint), {"caption": "x"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"file": "This field is required."}


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff"])
def test_upload_to_someone_elses_complaint_is_404(who, complaint, api_as, request):
    response = api_as(request.getfixturevalue(who)).upload(url(complaint), {"file": photo()})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Evidence.objects.exists()


def test_merchant_staff_may_add_evidence(merchant_staff, complaint, api_as):
    assert api_as(merchant_staff).upload(url(complaint), {"file": photo()}).status_code == 201


def test_download_with_bearer_token(consumer, complaint, api_as):
    body = api_as(consumer).upload(url(complaint), {"file": photo()}).json()
    response = api_as(consumer).get(body["api_url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff"])
def test_download_of_someone_elses_evidence_is_404(who, consumer, complaint, api_as, request):
    body = api_as(consumer).upload(url(complaint), {"file": photo()}).json()
    response = api_as(request.getfixturevalue(who)).get(body["api_url"])
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_evidence_shows_in_detail(consumer, complaint, api_as):
    client = api_as(consumer)
    client.upload(url(complaint), {"file": photo()})
    detail = client.get(f"/api/v1/complaints/{complaint.number}").json()
    assert len(detail["evidence"]) == 1
    assert detail["timeline"][-1]["kind"] == "evidence"
    assert detail["timeline"][-1]["evidence"]["sha256"] == detail["evidence"][0]["sha256"]


def test_the_other_partys_bytes_are_201_then_200_for_the_same_party(
    consumer, merchant_staff, complaint, api_as
):
    api_as(consumer).upload(url(complaint), {"file": photo()})
    merchant = api_as(merchant_staff)
    first = merchant.upload(url(complaint), {"file": photo("mine.png")})
    again = merchant.upload(url(complaint), {"file": photo("mine-again.png")})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert list(Evidence.objects.order_by("id").values_list("party", flat=True)) == [
        "consumer",
        "merchant",
    ]
