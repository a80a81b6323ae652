"""The complaint's full record as a ZIP: manifest hashes, who may download, no internal notes."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from tests.conftest import photo
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(complaint, consumer, agent):
    actions.post_message(complaint, consumer, "还没有回复吗？", channel=Channel.WEB)
    uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB, caption="耳机照片")
    actions.post_message(
        complaint, agent, "内部备注：商家有前科", channel=Channel.DESK, internal=True
    )
    complaint.refresh_from_db()
    return complaint


def download(client, user, complaint):
    client.force_login(user)
    return client.get(f"/record/{complaint.number}.zip")


def test_manifest_hashes_match_every_file(client, consumer, busy):
    response = download(client, consumer, busy)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["complaint"] == busy.number and manifest["chain_head"] == busy.chain_head
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    assert {"timeline.json", "summary.html"} <= set(listed)
    for path, entry in listed.items():
        content = archive.read(path)
        assert (
            hashlib.sha256(content).hexdigest() == entry["sha256"] and len(content) == entry["size"]
        )
    evidence = busy.evidence.get()
    assert any(
        e["sha256"] == evidence.sha256 for p, e in listed.items() if p.startswith("evidence/")
    )


def test_internal_notes_never_in_the_consumers_zip(client, consumer, busy):
    archive = zipfile.ZipFile(io.BytesIO(download(client, consumer, busy).getvalue()))
    for name in archive.namelist():
        assert "商家有前科".encode() not in archive.read(name)
    kinds = [e["kind"] for e in json.loads(archive.read("timeline.json"))]
    assert "note" not in kinds and "message" in kinds


def test_platform_staff_get_the_full_timeline(client, agent, busy):
    archive = zipfile.ZipFile(io.BytesIO(download(client, agent, busy).getvalue()))
    assert "商家有前科" in archive.read("timeline.json").decode()


@pytest.mark.parametrize("who", ["outsider", "other_merchant_staff", "merchant_staff"])
def test_others_get_404(client, busy, who, request):
    assert download(client, request.getfixturevalue(who), busy).status_code == 404


def test_anonymous_is_sent_to_login(client, busy):
    assert client.get(f"/record/{busy.number}.zip").status_code == 302
