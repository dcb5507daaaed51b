"""A task row a killed worker left "running" is queued again once its lease ran out, and a
worker then runs it (the real django-tasks-db backend, in this process)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from marsad.core.taskqueue import requeue_stale_running, tasks_prune_finished
from marsad.evidence import tasks as evidence_tasks

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _running(started: dt.datetime) -> DBTaskResult:
    result = evidence_tasks.ingest_report.enqueue(123456)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("killed-worker")  # what a worker does as it starts a task
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=started)
    return row


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, TASKS_RUNNING_LEASE_SECONDS=600)
def test_a_task_left_running_is_queued_again_after_its_lease():
    now = timezone.now()
    stale = _running(now - dt.timedelta(seconds=601))
    fresh = _running(now - dt.timedelta(seconds=30))
    assert requeue_stale_running(now=now) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == TaskResultStatus.READY
    assert stale.started_at is None
    assert stale.worker_ids == ["killed-worker"]  # its history is kept
    assert fresh.status == TaskResultStatus.RUNNING  # still within its lease: left alone
    assert requeue_stale_running(now=now) == 0
    # A worker picks it up again: it is among the ready rows, and it runs to the end.
    assert DBTaskResult.objects.ready().get_locked() is not None
    ready = DBTaskResult.objects.ready().get(pk=stale.pk)
    ready.claim("new-worker")
    ready.set_successful(ready.task.call(*ready.args_kwargs["args"]))
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.SUCCESSFUL
    assert stale.worker_ids == ["killed-worker", "new-worker"]


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, TASKS_RUNNING_LEASE_SECONDS=10)
def test_the_worker_sweep_recovers_them():
    stale = _running(timezone.now() - dt.timedelta(seconds=60))
    # ``marsad worker`` runs every WORKER_SWEEPS function when it starts and every minute
    # (run_sweeps itself closes the connection, which a test inside a transaction cannot).
    assert "marsad.core.taskqueue.requeue_stale_running" in settings.WORKER_SWEEPS
    assert sum(import_string(path)() or 0 for path in settings.WORKER_SWEEPS) >= 1
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.READY


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, TASKS_KEEP_FINISHED_DAYS=7)
def test_finished_task_rows_are_deleted_after_the_days_kept():
    """A task's row keeps its arguments and, when it failed, the traceback: finished rows
    go after ``TASKS_KEEP_FINISHED_DAYS``; waiting and running ones stay whatever their age."""
    now = timezone.now()
    rows = {}
    for name, status, days in (
        ("old done", TaskResultStatus.SUCCESSFUL, 8),
        ("old failed", TaskResultStatus.FAILED, 8),
        ("recent done", TaskResultStatus.SUCCESSFUL, 6),
        ("old waiting", TaskResultStatus.READY, 30),
        ("old running", TaskResultStatus.RUNNING, 30),
    ):
        result = evidence_tasks.ingest_report.enqueue(123456)
        finished = now - dt.timedelta(days=days) if status in ("SUCCESSFUL", "FAILED") else None
        DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
        rows[name] = result.id
    assert tasks_prune_finished(now=now) == 0  # the worker's count of queued tasks
    assert sorted(
        name for name, pk in rows.items() if DBTaskResult.objects.filter(pk=pk).exists()
    ) == ["old running", "old waiting", "recent done"]
