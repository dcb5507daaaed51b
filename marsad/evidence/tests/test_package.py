"""The evidence package opens, and every hash in its manifest matches its file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile

import pytest

from marsad.cases.models import Violation
from marsad.evidence import services
from marsad.evidence.choices import Action
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.storage import evidence_storage
from marsad.evidence.tests.conftest import Page, jpeg_with_metadata, submit_report
from marsad.intake.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case_with_evidence(site, violation: Violation) -> Violation:
    """A photo from a report of the case (taken in when the report arrived) and a capture."""
    extra = submit_report("a second report", files=[("IMG_2.jpg", jpeg_with_metadata())])
    Report.objects.filter(pk=extra.pk).update(violation=violation)
    site.pages["/post"] = Page(body="<p>نص</p>".encode(), headers={"Content-Type": "text/html"})
    services.evidence_capture_request(url=site.url("/post"), violation=violation)
    return violation


def download(client, violation: Violation, reason: str = "for the platform's legal team"):
    return client.post(f"/staff/violations/{violation.pk}/evidence/package/", {"reason": reason})


def test_the_package_opens_and_every_manifest_hash_matches(coordinator, case_with_evidence):
    response = download(coordinator, case_with_evidence)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["violation"] == case_with_evidence.pk
    assert manifest["hash_algorithm"] == "SHA-256"
    assert manifest["generated_by"] == "test-coordinator"
    items = {i["id"]: i for i in manifest["items"]}
    assert set(items) == {str(i.public_id) for i in EvidenceItem.objects.all()}
    paths = set()
    for entry in manifest["items"]:
        for f in entry["files"]:
            data = archive.read(f["path"])
            assert hashlib.sha256(data).hexdigest() == f["sha256"]
            assert len(data) == f["size"]
            paths.add(f["path"])
        original = next(f for f in entry["files"] if f["role"] == "original")
        assert original["sha256"] == entry["sha256_at_arrival"]
        assert [e["action"] for e in entry["custody"]][-1] == "exported"
    assert set(archive.namelist()) == {*paths, "manifest.json"}
    kinds = sorted(i["kind"] for i in manifest["items"])
    assert kinds == ["capture", "file"]
    capture = next(i for i in manifest["items"] if i["kind"] == "capture")
    assert capture["captured_at"] is not None
    assert capture["files"][0]["path"].startswith("captures/")
    assert capture["files"][0]["path"].endswith(".warc.gz")
    exported = CustodyEvent.objects.filter(action=Action.EXPORTED)
    assert exported.count() == 2
    assert {e.reason for e in exported} == {"for the platform's legal team"}


def test_no_package_without_a_reason(coordinator, case_with_evidence):
    response = download(coordinator, case_with_evidence, reason="  ")
    assert response.status_code == 302
    assert CustodyEvent.objects.filter(action=Action.EXPORTED).count() == 0


def test_a_tampered_original_stops_the_export(coordinator, case_with_evidence):
    item = EvidenceItem.objects.filter(kind="file").first()
    path = evidence_storage().path(item.original.name)
    os.chmod(path, 0o600)
    with open(path, "ab") as handle:
        handle.write(b"changed")
    response = download(coordinator, case_with_evidence)
    assert response.status_code == 302
    page = coordinator.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "marsad evidence verify" in page.content.decode()
