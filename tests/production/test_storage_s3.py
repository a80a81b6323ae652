"""TOUSU_STORAGE=s3: evidence goes to an S3-compatible bucket and every path reads it back.

moto's S3 server runs on loopback (a random free port); the storage is switched through
settings.STORAGES exactly as tousu/settings.py builds it for TOUSU_STORAGE=s3, then a
complaint is filed with a photo through the API and the photo is read back by the API
download, the web download, the record ZIP and ``tousu verify``: nothing on local disk.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from tests.api.conftest import ApiClient, token_for
from tests.conftest import photo, png_bytes
from tests.portal.conftest import client_for
from tousu.complaints.models import Evidence

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "tousu-evidence"
KEYS = {"access_key": "testing-key-id", "secret_key": "testing-secret"}
COMPLAINT = {
    "kind": "after_sales",
    "category": "quality",
    "demand": "return_refund",
    "description": "耳机左耳没有声音。",
    "order_number": "202611200001",
    "amount_fen": 29900,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    """A fresh, empty bucket; boto3 as the operator would see it."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def s3_options(endpoint: str) -> dict:
    """What tousu/settings.py builds from the TOUSU_S3_* variables (checked below)."""
    return {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        **KEYS,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }


@pytest.fixture
def on_s3(settings, bucket, s3_endpoint, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_endpoint),
        },
    }
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    return bucket


def test_the_environment_builds_the_s3_storage():
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tousu.settings",
        "TOUSU_STORAGE": "s3",
        "TOUSU_S3_BUCKET": BUCKET,
        "TOUSU_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "TOUSU_S3_REGION": "us-east-1",
        "TOUSU_S3_ACCESS_KEY_ID": KEYS["access_key"],
        "TOUSU_S3_SECRET_ACCESS_KEY": KEYS["secret_key"],
    }
    code = "import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    built = json.loads(out.stdout)
    assert built == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_options("http://127.0.0.1:9000"),
    }


def test_an_unknown_storage_is_refused_at_start():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOUSU_STORAGE": "ftp"}
    out = subprocess.run(
        [sys.executable, "-c", "import tousu.settings"], env=env, capture_output=True, text=True
    )
    assert out.returncode != 0 and "TOUSU_STORAGE: local or s3" in out.stderr


@pytest.mark.django_db
def test_evidence_lives_in_the_bucket_and_every_path_reads_it(
    on_s3, settings, consumer, order, outsider
):
    api = ApiClient(token_for(consumer))
    filed = api.post("/api/v1/complaints", COMPLAINT)
    assert filed.status_code == 201
    number = filed.json()["number"]
    uploaded = api.upload(f"/api/v1/complaints/{number}/evidence", {"file": photo()})
    assert uploaded.status_code == 201
    item = Evidence.objects.get()
    assert isinstance(default_storage._wrapped, S3Storage)

    # In the bucket, private, under the content-addressed name; nothing on local disk.
    stored = on_s3.get_object(Bucket=BUCKET, Key=item.file.name)
    assert stored["Body"].read() == png_bytes()
    grants = on_s3.get_object_acl(Bucket=BUCKET, Key=item.file.name)["Grants"]
    assert [(g["Grantee"]["Type"], g["Permission"]) for g in grants] == [
        ("CanonicalUser", "FULL_CONTROL")
    ]  # private: the owner only, no AllUsers / AuthenticatedUsers grant
    assert not Path(settings.MEDIA_ROOT).exists()

    by_api = api.get(uploaded.json()["api_url"])
    assert by_api.status_code == 200 and b"".join(by_api.streaming_content) == png_bytes()
    by_web = client_for(consumer).get(reverse("evidence", args=[item.pk]))
    assert by_web.status_code == 200 and b"".join(by_web.streaming_content) == png_bytes()

    record = client_for(consumer).get(f"/record/{number}.zip")
    assert record.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(record.getvalue()))
    pictures = [archive.read(n) for n in archive.namelist() if n.startswith("evidence/")]
    assert pictures == [png_bytes()]

    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "Checked 1 complaints" in out.getvalue() and "0 with problems" in out.getvalue()

    # The outsider is refused on every path, S3 or not.
    outsider_api = ApiClient(token_for(outsider))
    assert outsider_api.get(uploaded.json()["api_url"]).status_code == 404
    assert client_for(outsider).get(reverse("evidence", args=[item.pk])).status_code == 404
    assert client_for(outsider).get(f"/record/{number}.zip").status_code == 404


@pytest.mark.django_db
def test_verify_notices_a_file_altered_in_the_bucket(on_s3, consumer, order):
    api = ApiClient(token_for(consumer))
    number = api.post("/api/v1/complaints", COMPLAINT).json()["number"]
    api.upload(f"/api/v1/complaints/{number}/evidence", {"file": photo()})
    item = Evidence.objects.get()
    assert item.sha256 == hashlib.sha256(png_bytes()).hexdigest()
    on_s3.put_object(Bucket=BUCKET, Key=item.file.name, Body=b"not the photo")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify", stdout=out)
    assert "file altered (SHA-256 mismatch)" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_bucket_is_written(on_s3, consumer, order, monkeypatch):
    """Writing to the bucket is a network call: it happens before the filing's or the
    upload's transaction, never inside it (the rule of docs/architecture.md)."""
    seen = []
    original = S3Storage._save

    def watched(self, name, content):
        seen.append(connection.in_atomic_block)
        return original(self, name, content)

    monkeypatch.setattr(S3Storage, "_save", watched)
    api = ApiClient(token_for(consumer))
    number = api.post("/api/v1/complaints", COMPLAINT).json()["number"]
    uploaded = api.upload(f"/api/v1/complaints/{number}/evidence", {"file": photo()})
    assert uploaded.status_code == 201
    web = client_for(consumer).post(
        reverse("portal:add_evidence", args=[number]),
        {"files": photo("other.png", color=(10, 200, 10))},
    )
    assert web.status_code in (200, 302)
    assert seen == [False, False]
    assert Evidence.objects.count() == 2
