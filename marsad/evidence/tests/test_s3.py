"""Evidence in an S3-compatible object store (``EVIDENCE_STORAGE=s3``), tested against a real
S3 HTTP server: moto's, started in this process on 127.0.0.1 (``ThreadedMotoServer``), reached
through boto3 and django-storages exactly as a MinIO, Garage or AWS bucket would be."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.evidence import services, store
from marsad.evidence.choices import Action, Kind
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.s3 import EvidenceS3Storage
from marsad.evidence.storage import evidence_storage
from marsad.evidence.tests.conftest import jpeg_with_metadata, submit_report, upload
from marsad.intake import services as intake_services
from marsad.intake.uploads import check_upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"aws_access_key_id": "marsad-test", "aws_secret_access_key": "marsad-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # its line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class Bucket:
    client: object
    name: str
    endpoint: str

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)  # type: ignore[attr-defined]
        return sorted(entry["Key"] for entry in listed.get("Contents", []))

    def raw(self, key: str) -> bytes:
        answer = self.client.get_object(Bucket=self.name, Key=key)  # type: ignore[attr-defined]
        return answer["Body"].read()


def _options(bucket: Bucket, *, sealed: bool) -> dict:
    """The OPTIONS config/settings.py builds from the EVIDENCE_S3_* variables."""
    return {
        "sealed": sealed,
        "bucket_name": bucket.name,
        "endpoint_url": bucket.endpoint,
        "region_name": "us-east-1",
        "access_key": KEYS["aws_access_key_id"],
        "secret_key": KEYS["aws_secret_access_key"],
        "location": "evidence",
        "default_acl": "private",
        "querystring_auth": True,
    }


@pytest.fixture
def bucket(s3_endpoint) -> Bucket:
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    name = f"marsad-evidence-{uuid.uuid4().hex[:10]}"
    client.create_bucket(Bucket=name)
    return Bucket(client, name, s3_endpoint)


@pytest.fixture(params=[False, True], ids=["plain", "sealed"])
def s3_storage(request, bucket, settings) -> Bucket:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "marsad.evidence.s3.EvidenceS3Storage",
            "OPTIONS": _options(bucket, sealed=request.param),
        },
    }
    assert isinstance(evidence_storage(), EvidenceS3Storage)
    return bucket


def test_upload_read_and_delete(s3_storage):
    storage = evidence_storage()
    name = storage.save("originals/2026/12/a.txt", ContentFile(b"evidence bytes"))
    assert s3_storage.keys() == [f"evidence/{name}"]
    assert storage.exists(name)
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"evidence bytes"
    raw = s3_storage.raw(f"evidence/{name}")
    assert (raw == b"evidence bytes") is (not storage.sealed)
    storage.delete(name)
    assert not storage.exists(name)
    assert s3_storage.keys() == []


def test_originals_are_never_overwritten(s3_storage):
    storage = evidence_storage()
    first = storage.save("originals/x.bin", ContentFile(b"first"))
    second = storage.save("originals/x.bin", ContentFile(b"second"))
    assert first != second
    with storage.open(first, "rb") as handle:
        assert handle.read() == b"first"
    assert len(s3_storage.keys()) == 2


def test_objects_are_private_and_links_are_signed(s3_storage):
    storage = evidence_storage()
    name = storage.save("originals/p.bin", ContentFile(b"private"))
    acl = s3_storage.client.get_object_acl(Bucket=s3_storage.name, Key=f"evidence/{name}")
    grants = {(g["Grantee"].get("URI", ""), g["Permission"]) for g in acl["Grants"]}
    assert not any("AllUsers" in uri or "AuthenticatedUsers" in uri for uri, _ in grants)
    url = storage.url(name)
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_the_evidence_pipeline_end_to_end(s3_storage, django_capture_on_commit_callbacks):
    """A report's photo is ingested into the bucket, read back for a person (in custody),
    verified, and removed with nothing left when the reporter withdraws."""
    photo = jpeg_with_metadata()
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_report("a report kept in S3", files=[("photo.jpg", photo)])
    item = EvidenceItem.objects.get(report=report, kind=Kind.FILE)
    keys = s3_storage.keys()
    assert f"evidence/{item.original.name}" in keys
    assert f"evidence/{item.safe_copy.name}" in keys
    assert f"evidence/{item.thumbnail.name}" in keys
    if evidence_storage().sealed:  # encrypted at rest: no camera or GPS data in the bucket
        assert b"PhoneMaker" not in s3_storage.raw(f"evidence/{item.original.name}")

    documenter = make_user(Role.DOCUMENTER, "s3-reader")
    handle = services.evidence_original_open(item=item, actor=documenter, reason="checking")
    assert handle.read() == photo
    assert CustodyEvent.objects.filter(item=item, action=Action.DOWNLOADED).count() == 1

    out = io.StringIO()
    call_command("evidence", "verify", stdout=out)
    assert out.getvalue().strip() == "1 item(s), 2 file(s) checked, 0 problem(s)"

    with django_capture_on_commit_callbacks(execute=True):
        intake_services.report_withdraw(report=report)
    assert EvidenceItem.objects.count() == 0
    assert s3_storage.keys() == []


def test_a_file_that_hashes_wrong_once_stored_leaves_no_object(s3_storage):
    data = jpeg_with_metadata()
    with pytest.raises(OSError, match="stored copy hashes to"):
        store.store_file_item(
            stream=io.BytesIO(data),
            sha256="0" * 64,
            extension=".jpg",
            make=lambda: EvidenceItem(kind=Kind.FILE, content_type="image/jpeg"),
            actor=None,
            detail={},
        )
    assert EvidenceItem.objects.count() == 0
    assert s3_storage.keys() == []


def test_a_failure_while_saving_the_row_leaves_no_object(s3_storage, violation, monkeypatch):
    checked = check_upload(upload("p.jpg", jpeg_with_metadata()))
    before = s3_storage.keys()

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("marsad.evidence.store.custody_record", broken)
    with pytest.raises(RuntimeError):
        services.evidence_add_file(
            violation=violation, checked=checked, actor=make_user(Role.DOCUMENTER)
        )
    assert not EvidenceItem.objects.filter(violation=violation, kind=Kind.FILE).exists()
    assert s3_storage.keys() == before  # the original, safe copy and thumbnail were removed


def test_the_settings_variables_configure_the_bucket(bucket, tmp_path):
    """EVIDENCE_STORAGE=s3 and the EVIDENCE_S3_* variables, read by config/settings.py in a
    fresh process, store and read a file in the bucket."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "EVIDENCE_", "AWS_"))
    }
    env.update(
        MARSAD_DATA_DIR=str(tmp_path / "var"),
        EVIDENCE_STORAGE="s3",
        EVIDENCE_ENCRYPT="true",
        EVIDENCE_S3_BUCKET=bucket.name,
        EVIDENCE_S3_ENDPOINT_URL=bucket.endpoint,
        EVIDENCE_S3_REGION="us-east-1",
        EVIDENCE_S3_ACCESS_KEY_ID=KEYS["aws_access_key_id"],
        EVIDENCE_S3_SECRET_ACCESS_KEY=KEYS["aws_secret_access_key"],
        EVIDENCE_S3_PREFIX="marsad/evidence",
    )
    script = (
        "from django.core.files.base import ContentFile\n"
        "from marsad.evidence.storage import evidence_storage as s\n"
        "name = s().save('originals/t.txt', ContentFile(b'from the settings'))\n"
        "print(type(s()).__name__, name, s().open(name).read().decode())\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "marsad.cli", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "EvidenceS3Storage",
        "originals/t.txt",
        "from",
        "the",
        "settings",
    ]
    assert bucket.keys() == ["marsad/evidence/originals/t.txt"]
    assert b"from the settings" not in bucket.raw("marsad/evidence/originals/t.txt")  # sealed
