"""A report committed but whose ingest task was never queued (the database went away between
the commit and the queueing) has its files taken in by the worker's sweep, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from marsad.evidence import tasks, work
from marsad.evidence.models import EvidenceItem
from marsad.evidence.tests.conftest import png_bytes, submit_report
from marsad.intake.models import ReportFile

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_a_lost_ingest_task_is_queued_again_by_the_sweep_once():
    # Inside the test's transaction the on-commit queueing never happens: the lost task.
    report = submit_report("lost ingest", files=[("a.png", png_bytes())])
    other = submit_report("no files")
    assert DBTaskResult.objects.count() == 0
    assert work.ingests_due() == []  # within the grace period its task may still come
    ReportFile.objects.update(received_at=timezone.now() - dt.timedelta(minutes=3))
    assert work.ingests_due() == [report.pk]
    assert other.pk not in work.ingests_due()
    assert tasks.sweep() == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == work.INGEST_TASK_PATH
    assert queued.args_kwargs["args"] == [report.pk]
    # Queued now: the next sweeps leave it to that task.
    assert work.ingests_due() == []
    assert tasks.sweep() == 0
    queued.task.call(*queued.args_kwargs["args"])
    assert EvidenceItem.objects.filter(report_file__report=report).count() == 1
    assert work.ingests_due() == []


def _aged(report) -> None:
    ReportFile.objects.filter(report=report).update(
        received_at=timezone.now() - dt.timedelta(minutes=3)
    )


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_a_failed_ingest_task_is_queued_again_a_waiting_or_running_one_is_left():
    report = submit_report("failed ingest", files=[("a.png", png_bytes())])
    _aged(report)
    queued = tasks.ingest_report.enqueue(report.pk)
    row = DBTaskResult.objects.get(pk=queued.id)
    assert work.ingests_due() == []  # waiting in the queue
    DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.RUNNING)
    assert work.ingests_due() == []  # a worker has it
    # The database stayed away longer than the task's retries: the task failed.
    DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.FAILED)
    assert work.ingests_due() == [report.pk]
    assert tasks.sweep() == 1
    again = DBTaskResult.objects.exclude(pk=row.pk).get()
    again.task.call(*again.args_kwargs["args"])
    assert EvidenceItem.objects.filter(report_file__report=report).count() == 1
    assert work.ingests_due() == []


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_a_file_failing_its_check_is_tried_a_bounded_number_of_times():
    report = submit_report("corrupt file", files=[("a.png", png_bytes())])
    _aged(report)
    # The stored file no longer matches the hash taken on arrival.
    ReportFile.objects.filter(report=report).update(sha256="0" * 64)
    rounds = 0
    while work.ingests_due():
        rounds += 1
        assert rounds <= work.INGEST_MAX_ATTEMPTS
        tasks.sweep()
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.READY):
            row.task.call(*row.args_kwargs["args"])
            DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.SUCCESSFUL)
    assert rounds == work.INGEST_MAX_ATTEMPTS
    assert ReportFile.objects.get(report=report).ingest_attempts == work.INGEST_MAX_ATTEMPTS
    assert not EvidenceItem.objects.filter(report_file__report=report).exists()
    assert tasks.sweep() == 0
