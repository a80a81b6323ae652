"""Audio evidence: only the phone channel and platform staff attach it; merchants do not see
call recordings unless TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.api.conftest import ApiClient, token_for
from tests.conftest import draft, png_bytes
from tests.portal.conftest import client_for
from tousu.channels.phone.calls import telephony_user
from tousu.complaints import access, actions, filing, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import EvidenceRejected
from tousu.complaints.models import Complaint, Evidence

pytestmark = pytest.mark.django_db

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256))
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(range(256))


def wav(name: str = "通话.wav") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, WAV, content_type="audio/wav")


def api(user) -> ApiClient:
    return ApiClient(token_for(user))


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


@pytest.fixture
def recording(complaint):
    """A call recording the telephony webhook attached (tousu.channels.phone.calls.recording)."""
    item, _created = uploads.add_evidence(
        complaint, telephony_user(), wav("call-c-1.wav"), channel=Channel.PHONE, caption="通话录音"
    )
    return item


# --- Who may attach audio -----------------------------------------------------------------


def test_the_phone_channel_and_platform_staff_may_attach_audio(complaint, agent):
    by_phone, _ = uploads.add_evidence(
        complaint, telephony_user(), wav("call.wav"), channel=Channel.PHONE
    )
    by_agent, _ = uploads.add_evidence(
        complaint,
        agent,
        SimpleUploadedFile("desk.mp3", MP3, content_type="audio/mpeg"),
        channel=Channel.DESK,
    )
    assert (by_phone.media_type, by_phone.party) == ("audio", "platform")
    assert (by_agent.media_type, by_agent.extension) == ("audio", "mp3")


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.APP, Channel.WECHAT])
def test_a_consumer_cannot_attach_audio(complaint, consumer, channel):
    with pytest.raises(EvidenceRejected) as refused:
        uploads.add_evidence(complaint, consumer, wav("我的录音.wav"), channel=channel)
    assert "“我的录音.wav” is an audio recording" in refused.value.text()
    assert not Evidence.objects.exists()


def test_a_merchant_cannot_attach_audio(waiting, merchant_staff):
    with pytest.raises(EvidenceRejected):
        uploads.add_evidence(waiting, merchant_staff, wav(), channel=Channel.WEB)
    assert not Evidence.objects.exists()


def test_filing_with_audio_is_refused_and_files_nothing(consumer, order):
    with pytest.raises(EvidenceRejected) as refused:
        filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB, uploads=[wav()])
    assert "通话.wav" in refused.value.text()
    assert not Complaint.objects.exists()
    assert not Evidence.objects.exists()


def test_portal_upload_of_audio_names_the_file(complaint, consumer):
    response = client_for(consumer).post(
        reverse("portal:add_evidence", args=[complaint.number]),
        {"files": [wav("voice-note.wav")], "caption": ""},
    )
    assert response.status_code == 422
    assert "“voice-note.wav” is an audio recording" in response.content.decode()
    assert not Evidence.objects.exists()


def test_api_upload_of_audio_is_422_naming_the_file(complaint, consumer):
    response = api(consumer).upload(
        f"/api/v1/complaints/{complaint.number}/evidence", {"file": wav("rec.wav")}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "evidence_rejected"
    assert "“rec.wav” is an audio recording" in body["fields"]["file"]  # the request field
    assert not Evidence.objects.exists()


def test_merchant_answer_with_audio_is_refused_and_keeps_nothing(waiting, merchant_staff):
    response = client_for(merchant_staff).post(
        reverse("merchant_center:respond", args=[waiting.number]),
        {"answer": "reject", "reason": "没有问题", "files": [wav("客服电话.wav")]},
    )
    assert response.status_code == 422
    assert "“客服电话.wav” is an audio recording" in response.content.decode()
    assert not Evidence.objects.exists()
    waiting.refresh_from_db()
    assert waiting.status == "waiting_merchant"


# --- Who sees recordings --------------------------------------------------------------------


def test_merchants_do_not_see_recordings_anywhere(waiting, recording, merchant_staff):
    assert recording not in access.evidence_for(merchant_staff, waiting)
    assert not access.timeline_for(merchant_staff, waiting).filter(evidence=recording).exists()
    assert access.timeline_for(merchant_staff, waiting).exists()  # the rest of the timeline stays
    html = client_for(merchant_staff).get(
        reverse("merchant_center:complaint", args=[waiting.number])
    )
    assert html.status_code == 200
    page = html.content.decode()
    assert reverse("evidence", args=[recording.pk]) not in page and "call-c-1.wav" not in page
    assert client_for(merchant_staff).get(reverse("evidence", args=[recording.pk])).status_code == (
        404
    )
    detail = api(merchant_staff).get(f"/api/v1/complaints/{waiting.number}").json()
    assert detail["evidence"] == []
    assert all(entry.get("evidence") is None for entry in detail["timeline"])
    download = api(merchant_staff).get(reverse("api:evidence_file", args=[recording.pk]))
    assert download.status_code == 404 and download.json()["code"] == "not_found"


def test_merchants_still_see_their_other_evidence(waiting, recording, merchant_staff, consumer):
    photo_item, _ = uploads.add_evidence(
        waiting,
        consumer,
        SimpleUploadedFile("p.png", png_bytes(), content_type="image/png"),
        channel=Channel.WEB,
    )
    assert list(access.evidence_for(merchant_staff, waiting)) == [photo_item]
    assert client_for(merchant_staff).get(
        reverse("evidence", args=[photo_item.pk])
    ).status_code == (200)


def test_the_setting_shows_recordings_to_merchants(waiting, recording, merchant_staff, settings):
    settings.TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS = True
    assert recording in access.evidence_for(merchant_staff, waiting)
    assert access.timeline_for(merchant_staff, waiting).filter(evidence=recording).exists()
    response = client_for(merchant_staff).get(reverse("evidence", args=[recording.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    page = client_for(merchant_staff).get(
        reverse("merchant_center:complaint", args=[waiting.number])
    )
    assert reverse("evidence", args=[recording.pk]) in page.content.decode()
    detail = api(merchant_staff).get(f"/api/v1/complaints/{waiting.number}").json()
    assert [item["id"] for item in detail["evidence"]] == [recording.pk]


@pytest.mark.parametrize("who", ["consumer", "agent"])
def test_the_consumer_and_staff_see_the_recording(waiting, recording, who, request):
    user = request.getfixturevalue(who)
    assert recording in access.evidence_for(user, waiting)
    response = client_for(user).get(reverse("evidence", args=[recording.pk]))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{waiting.number}-{recording.pk}.wav"'
    )
    assert b"".join(response.streaming_content) == WAV
