"""The database goes away just after a report's commit (found by bench/surge.py restarting
PostgreSQL under load): the on-commit queueing of its evidence ingest fails, the reporter gets
an error and resends. The committed report must keep its files (deleting them, as a failed
save does, left rows without files), and the resend must find it with the same receipt.

The failure is injected at the one moment a real restart cannot be aimed at: the queueing
after the commit raises the error psycopg raises when the server is gone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError

from marsad.evidence import tasks as evidence_tasks
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import Report, ReportFile
from marsad.intake.services import ReportData, report_submit
from marsad.intake.tests.conftest import stored_files
from marsad.intake.tests.factories import png_bytes, upload
from marsad.intake.uploads import check_upload


def _submit():
    return report_submit(
        data=ReportData(description="حذف المنشور", language="ar"),
        files=[check_upload(upload("shot.png", png_bytes()))],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="form:after-commit",
    )


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_commit_keeps_the_reports_files(monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(evidence_tasks, "ingest_report", SimpleNamespace(enqueue=database_gone))
        with pytest.raises(OperationalError):
            _submit()
    report = Report.objects.get()  # committed before the failure
    row = ReportFile.objects.get(report=report)
    assert default_storage.exists(row.file.name)
    again = _submit()  # the reporter sends the same page again
    assert again.created is False
    assert again.report == report
    assert ReportFile.objects.count() == 1
    assert default_storage.exists(row.file.name)


@pytest.mark.django_db(transaction=True)
def test_a_failure_inside_the_transaction_still_deletes_the_files(monkeypatch):
    from marsad.intake import services

    def fails(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    written = []
    original = services._store_files

    def store_then_fail(report, files, source, names):
        original(report, files, source, names)
        written.extend(names)
        fails()

    monkeypatch.setattr(services, "_store_files", store_then_fail)
    with pytest.raises(OperationalError):
        _submit()
    assert Report.objects.count() == 0
    assert written
    assert not any(default_storage.exists(name) for name in written)


@pytest.mark.django_db(transaction=True)
def test_kept_uploads_of_a_report_that_was_not_saved_are_deleted_by_the_worker(monkeypatch, media):
    """The save failed at its commit and the report was not saved after all (here: a
    deferred constraint fails the commit): its files, kept because the outcome was unknown,
    are deleted by the worker's sweep once the database answers; those of a saved report
    whose on-commit step failed stay."""
    from django.db.models.signals import post_save

    from marsad.intake import services, tasks
    from marsad.intake.models import ReportKey

    def dangling_key(sender, instance, created, **kwargs):
        # A row pointing at no report: checked, and refused, only when the commit runs.
        ReportKey.objects.create(report_id=instance.report_id + 10_000, kind="link", value="x")

    post_save.connect(dangling_key, sender=ReportFile, dispatch_uid="dangling")
    try:
        with pytest.raises(Exception, match=r"(?i)foreign key"):
            _submit()
    finally:
        post_save.disconnect(sender=ReportFile, dispatch_uid="dangling")
    assert Report.objects.count() == 0
    _folders, notes = default_storage.listdir(services.UNSETTLED_DIR)
    (note,) = notes
    import json

    with default_storage.open(f"{services.UNSETTLED_DIR}/{note}") as handle:
        (kept,) = json.load(handle)["files"]
    assert default_storage.exists(kept)  # the outcome was not known: kept for now

    # A saved report whose queueing failed after the commit: noted too, and kept.
    with monkeypatch.context() as patch:
        patch.setattr(
            evidence_tasks,
            "ingest_report",
            SimpleNamespace(enqueue=lambda *a: (_ for _ in ()).throw(OperationalError("gone"))),
        )
        with pytest.raises(OperationalError):
            _submit()
    saved = ReportFile.objects.get()

    assert services.uploads_settle() == 0  # within the grace period nothing is touched
    later = services.timezone.now() + services.UNSETTLED_GRACE + services.dt.timedelta(seconds=5)
    assert services.uploads_settle(now=later) == 1
    assert not default_storage.exists(kept)
    assert default_storage.exists(saved.file.name)
    assert default_storage.listdir(services.UNSETTLED_DIR)[1] == []  # notes settled
    assert tasks.sweep() == 0
    # Only the saved report's file is left in the store.
    assert [p.relative_to(media).as_posix() for p in stored_files(media)] == [saved.file.name]
