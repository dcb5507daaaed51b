"""Originals stored unchanged with their hash, safe copies, withdrawal, and `evidence verify`."""

from __future__ import annotations

import hashlib
import io
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.evidence import services, work
from marsad.evidence.choices import Action, Kind, SafeCopy, State
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.storage import evidence_storage
from marsad.evidence.tests.conftest import GPS_IFD, jpeg_with_metadata, submit_report, upload
from marsad.intake import services as intake_services
from marsad.intake.uploads import check_upload

pytestmark = pytest.mark.django_db(transaction=True)


def read(name: str) -> bytes:
    with evidence_storage().open(name, "rb") as handle:
        return handle.read()


def test_a_reporters_jpeg_is_kept_unchanged_and_a_clean_copy_made():
    photo = jpeg_with_metadata()
    report = submit_report("photo of the post", files=[("IMG_0001.jpg", photo)])
    item = EvidenceItem.objects.get(report=report)
    assert item.kind == Kind.FILE
    assert item.state == State.STORED
    assert item.sha256 == hashlib.sha256(photo).hexdigest() == item.report_file.sha256
    assert item.original_name == "IMG_0001.jpg"
    # The original is byte for byte what was sent, metadata and all; the safe copy has none.
    assert read(item.original.name) == photo
    assert item.safe_copy_kind == SafeCopy.IMAGE
    safe = read(item.safe_copy.name)
    assert hashlib.sha256(safe).hexdigest() == item.safe_copy_sha256
    with Image.open(io.BytesIO(safe)) as image:
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(GPS_IFD) == {}
        assert "comment" not in image.info
    with Image.open(io.BytesIO(read(item.thumbnail.name))) as thumb:
        assert dict(thumb.getexif()) == {}
    # Write-once on disk: read-only, and a second save under the same name gets a new name.
    path = evidence_storage().path(item.original.name)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o400
    assert [e.action for e in CustodyEvent.objects.filter(item=item)] == [
        Action.COLLECTED,
        Action.SANITISED,
    ]


def test_ingesting_twice_makes_one_item():
    report = submit_report("twice", files=[("a.png", jpeg_with_metadata())])
    assert work.ingest_report(report_id=report.pk)[0].pk == EvidenceItem.objects.get().pk
    assert EvidenceItem.objects.count() == 1
    assert CustodyEvent.objects.filter(action=Action.COLLECTED).count() == 1


def test_a_report_file_altered_before_ingest_is_not_taken(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    report = submit_report("altered", files=[("a.jpg", jpeg_with_metadata())])
    report_file = report.files.get()
    path = report_file.file.path
    os.chmod(path, 0o600)
    with open(path, "ab") as handle:
        handle.write(b"tampered")
    assert work.ingest_report(report_id=report.pk) == []
    assert EvidenceItem.objects.count() == 0


def test_staff_upload_through_the_violation_page(documenter, violation):
    photo = jpeg_with_metadata()
    response = documenter.post(
        f"/staff/violations/{violation.pk}/evidence/upload/",
        {"file": upload("screenshot.jpg", photo), "note": "لقطة شاشة من الصفحة"},
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get(violation=violation)
    assert item.note == "لقطة شاشة من الصفحة"
    assert item.added_by.username == "test-documenter"
    assert read(item.original.name) == photo
    page = documenter.get(f"/staff/violations/{violation.pk}/")
    assert f"/staff/evidence/{item.public_id}/" in page.content.decode()


def test_a_refused_staff_upload_says_why_and_stores_nothing(documenter, violation):
    before = set(_all_files())
    response = documenter.post(
        f"/staff/violations/{violation.pk}/evidence/upload/",
        {"file": upload("x.jpg", b"PK\x03\x04" + b"\0" * 100)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 200
    assert "نوع الملف «x.jpg» غير مقبول" in response.content.decode()
    assert EvidenceItem.objects.count() == 0
    assert set(_all_files()) == before


def _all_files() -> list[str]:
    root = evidence_storage().location
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def test_a_failure_while_saving_the_row_leaves_no_orphan_file(violation, monkeypatch):
    before = set(_all_files())
    checked = check_upload(upload("p.jpg", jpeg_with_metadata()))

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "custody_record", broken)
    monkeypatch.setattr("marsad.evidence.store.custody_record", broken)
    with pytest.raises(RuntimeError):
        services.evidence_add_file(
            violation=violation, checked=checked, actor=make_user(Role.DOCUMENTER)
        )
    assert EvidenceItem.objects.count() == 0
    assert set(_all_files()) == before


def test_withdrawal_deletes_the_reporters_evidence_and_keeps_the_custody_line():
    report = submit_report("withdraw me", files=[("a.jpg", jpeg_with_metadata())])
    item = EvidenceItem.objects.get(report=report)
    names = [item.original.name, item.safe_copy.name, item.thumbnail.name]
    intake_services.report_withdraw(report=report)
    assert EvidenceItem.objects.count() == 0
    assert not any(evidence_storage().exists(n) for n in names)
    deleted = CustodyEvent.objects.get(action=Action.DELETED)
    assert deleted.item is None
    assert deleted.item_public_id == item.public_id
    assert deleted.item_sha256 == item.sha256
    assert deleted.reason == "withdrawn by the reporter"


def test_verify_is_quiet_when_everything_matches(capsys):
    submit_report("ok", files=[("a.jpg", jpeg_with_metadata())])
    call_command("evidence", "verify")
    assert capsys.readouterr().out.strip() == "1 item(s), 2 file(s) checked, 0 problem(s)"


def test_verify_reports_a_tampered_original_and_a_missing_file(capsys):
    first = submit_report("one", files=[("a.jpg", jpeg_with_metadata((10, 10)))])
    second = submit_report("two", files=[("b.jpg", jpeg_with_metadata((12, 12)))])
    tampered = EvidenceItem.objects.get(report=first)
    missing = EvidenceItem.objects.get(report=second)
    path = evidence_storage().path(tampered.original.name)
    os.chmod(path, 0o600)
    with open(path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    os.remove(evidence_storage().path(missing.safe_copy.name))
    with pytest.raises(CommandError) as failed:
        call_command("evidence", "verify")
    assert failed.value.returncode == 1
    out = capsys.readouterr()
    assert "2 item(s), 4 file(s) checked, 2 problem(s)" in out.out
    lines = sorted(out.err.strip().splitlines())
    assert lines[0].startswith(f"MISMATCH {tampered.public_id} original ")
    assert f"expected {tampered.sha256} found " in lines[0]
    assert lines[1].startswith(f"MISSING {missing.public_id} safe copy ")
    assert CustodyEvent.objects.filter(item=tampered, action=Action.VERIFIED_MISMATCH).count() == 1
    assert CustodyEvent.objects.filter(item=missing, action=Action.MISSING).count() == 1
