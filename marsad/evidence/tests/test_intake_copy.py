"""A reporter's upload is kept in the uploads folder only until the evidence store holds it:
once the evidence item is committed (its copy checked against the arrival hash), the intake
copy, with its EXIF and GPS position in clear, is deleted; one left by a crash between the
commit and the deletion is found by the worker's sweep. Never before the commit: the intake
copy may be the only one."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.core import backuphold
from marsad.evidence import sealed, tasks, work
from marsad.evidence.models import EvidenceItem
from marsad.evidence.storage import evidence_storage
from marsad.evidence.tests.conftest import jpeg_with_metadata, submit_report
from marsad.intake import services as intake_services
from marsad.intake.models import ReportFile

EXIF = (b"PhoneMaker", b"taken at home, street 12")


@pytest.fixture
def folders(settings, tmp_path) -> tuple[Path, Path]:
    """Uploads and a sealed evidence store of the test's own (EVIDENCE_ENCRYPT=true)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "marsad.evidence.storage.WriteOnceFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence"), "sealed": True},
        },
    }
    return tmp_path / "media", tmp_path / "evidence"


def in_clear(*folders: Path) -> list[str]:
    """Files under the folders whose bytes show the photo's metadata."""
    return [
        str(path)
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if path.is_file() and any(text in path.read_bytes() for text in EXIF)
    ]


def uploads(media: Path) -> list[Path]:
    return [p for p in (media / "intake").rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.django_db(transaction=True)
def test_once_the_sealed_item_is_committed_no_plaintext_copy_is_left(folders, capsys):
    media, evidence = folders
    photo = jpeg_with_metadata()
    report = submit_report("sealed upload", files=[("IMG_0001.jpg", photo)])

    item = EvidenceItem.objects.get(report=report)
    assert (evidence / item.original.name).read_bytes().startswith(sealed.MAGIC)
    assert in_clear(media, evidence) == []
    assert uploads(media) == []
    row = ReportFile.objects.get(report=report)
    assert row.file.name == ""
    # What the row says of the file stays for staff; the evidence is whole.
    assert (row.original_name, row.size, row.sha256) == ("IMG_0001.jpg", len(photo), item.sha256)
    with evidence_storage().open(item.original.name, "rb") as handle:
        assert handle.read() == photo
    call_command("evidence", "verify")
    assert "0 problem(s)" in capsys.readouterr().out
    # The staff page of the report still opens, and a second ingest changes nothing.
    documenter = Client()
    documenter.force_login(make_user(Role.DOCUMENTER))
    assert documenter.get(f"/staff/reports/{report.pk}/").status_code == 200
    assert work.ingest_report(report_id=report.pk) == [item]
    # The reporter can still withdraw: the evidence goes, with nothing left behind.
    intake_services.report_withdraw(report=report)
    assert not EvidenceItem.objects.exists()
    assert not ReportFile.objects.exists()
    assert [p for p in evidence.rglob("*") if p.is_file()] == []


@pytest.mark.django_db(transaction=True)
def test_without_sealing_the_duplicate_upload_goes_too(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = submit_report("plain upload", files=[("IMG.jpg", jpeg_with_metadata())])
    assert EvidenceItem.objects.filter(report=report).count() == 1
    assert uploads(tmp_path / "media") == []


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_an_ingest_that_is_rolled_back_keeps_the_upload(folders, settings):
    media, _evidence = folders
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    report = submit_report("rolled back", files=[("IMG.jpg", jpeg_with_metadata())])
    name = ReportFile.objects.get(report=report).file.name
    assert name.startswith(f"intake/{report.pk}/")

    def ingest_then_fail() -> None:
        with transaction.atomic():
            [_item] = work.ingest_report(report_id=report.pk)
            raise Rollback

    with pytest.raises(Rollback):
        ingest_then_fail()
    assert (media / name).exists()
    assert ReportFile.objects.get(report=report).file.name == name
    assert not EvidenceItem.objects.exists()
    # Committed, it goes.
    [item] = work.ingest_report(report_id=report.pk)
    assert not (media / name).exists()
    assert ReportFile.objects.get(report=report).file.name == ""
    assert EvidenceItem.objects.get() == item


@pytest.mark.django_db
def test_a_copy_left_by_a_crash_after_the_commit_is_removed_by_the_sweep(folders):
    media, _evidence = folders
    # Inside the test's transaction nothing runs on commit: the ingest's deletion of the
    # upload never happens, as when the worker dies between its commit and the deletion.
    report = submit_report("crash", files=[("IMG.jpg", jpeg_with_metadata())])
    other = submit_report("no evidence yet", files=[("IMG2.jpg", jpeg_with_metadata((9, 9)))])
    [item] = work.ingest_report(report_id=report.pk)
    assert len(uploads(media)) == 2
    assert len(in_clear(media)) == 2

    assert tasks.sweep_intake_copies() == 0  # nothing queued: the count of queued tasks
    assert len(uploads(media)) == 1  # the other report's file is not in the store: kept
    assert ReportFile.objects.get(report=report).file.name == ""
    assert ReportFile.objects.get(report=other).file.name != ""
    with evidence_storage().open(item.original.name, "rb") as handle:
        assert handle.read() == jpeg_with_metadata()
    # Idempotent.
    assert work.intake_copies_release() == (0, None)
    assert len(uploads(media)) == 1


@pytest.mark.django_db
def test_an_upload_whose_stored_copy_is_missing_is_kept(folders):
    media, evidence = folders
    report = submit_report("missing", files=[("IMG.jpg", jpeg_with_metadata())])
    [item] = work.ingest_report(report_id=report.pk)
    path = evidence / item.original.name
    path.chmod(0o600)
    path.unlink()
    assert work.intake_copies_release() == (0, None)
    assert len(uploads(media)) == 1
    assert ReportFile.objects.get(report=report).file.name != ""


@pytest.mark.django_db
def test_copies_left_by_an_older_version_are_removed_in_batches_by_the_worker(folders):
    media, _evidence = folders
    reports = [
        submit_report(f"old {i}", files=[(f"IMG{i}.jpg", jpeg_with_metadata((8 + i, 8)))])
        for i in range(5)
    ]
    for report in reports:
        work.ingest_report(report_id=report.pk)
    assert len(uploads(media)) == 5
    first = work.intake_copies_release(limit=2)
    assert first[0] == 2
    assert first[1] == ReportFile.objects.get(report=reports[1]).pk
    # The task the worker queues when it starts goes through them all, batch after batch.
    tasks.release_intake_copies.call(0)
    assert uploads(media) == []
    assert set(ReportFile.objects.values_list("file", flat=True)) == {""}


@pytest.mark.django_db(transaction=True)
def test_while_a_backup_runs_uploads_are_kept_and_deleted_after(folders):
    """The backup's database copy may name them: they go once it has finished."""
    media, _evidence = folders
    with backuphold.hold():
        assert backuphold.held()
        report = submit_report("during a backup", files=[("IMG.jpg", jpeg_with_metadata())])
        assert EvidenceItem.objects.filter(report=report).count() == 1
        assert len(uploads(media)) == 1
        assert tasks.sweep_intake_copies() == 0
        assert len(uploads(media)) == 1
    assert not backuphold.held()
    assert [p.name for p in media.iterdir()] == ["intake"]  # the marker is gone
    tasks.sweep_intake_copies()
    assert uploads(media) == []
    assert ReportFile.objects.get(report=report).file.name == ""


@pytest.mark.django_db(transaction=True)
def test_an_upload_that_cannot_be_deleted_is_logged_and_left_for_the_sweep(
    folders, monkeypatch, caplog
):
    media, _evidence = folders
    storage = ReportFile._meta.get_field("file").storage

    def refuse(name: str) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr(storage, "delete", refuse)
        report = submit_report("undeletable", files=[("IMG.jpg", jpeg_with_metadata())])
    assert EvidenceItem.objects.filter(report=report).count() == 1  # the ingest stands
    row = ReportFile.objects.get(report=report)
    assert row.file.name != ""
    assert f"report file {row.pk}: its upload could not be deleted" in caplog.text
    tasks.sweep_intake_copies()
    assert uploads(media) == []
