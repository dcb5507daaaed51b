"""``MARSAD_TASKS=rq``: tasks queued by the web process go to the real Redis and are run by
``marsad worker`` (django-rq's worker with django-tasks-rq's job class), with the same
recovery as the database backend (the sweep queues a lost capture again) and RQ's scheduler
for tasks queued to run later."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone

from marsad.evidence import services as evidence_services
from marsad.evidence import tasks as evidence_tasks
from marsad.evidence.choices import Kind, State
from marsad.evidence.models import EvidenceItem
from marsad.evidence.tests.conftest import png_bytes, submit_report
from marsad.ops.conftest import QUEUE_DB, redis_url

ROOT = Path(__file__).resolve().parents[3]
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker_burst() -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "REDIS_", "TASKS_", "MARSAD_", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MARSAD_ENV="test",
        MARSAD_DATA_DIR=str(django_settings.DATA_DIR),  # the same keys and files as this process
        DATABASE_URL=_database_url(),
        MARSAD_TASKS="rq",
        TASKS_REDIS_URL=redis_url(QUEUE_DB),
        EVIDENCE_CAPTURE_ALLOW_PRIVATE="true",
        EVIDENCE_CAPTURE_SCREENSHOT="false",
        EVIDENCE_CAPTURE_TIMEOUT_SECONDS="2",
    )
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", "worker", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_rq_worker_runs_queued_lost_and_later_tasks(settings, redis_queue_db, tmp_path):
    settings.MEDIA_ROOT = django_settings.DATA_DIR / "media"
    # A capture whose task was lost (queued to a backend that drops it) an hour ago.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    linked = submit_report("a report with a link", links=["http://127.0.0.1:9/gone"])
    (lost,) = evidence_services.evidence_capture_report_links(report=linked, actor=None)
    EvidenceItem.objects.filter(pk=lost.pk).update(
        received_at=timezone.now() - dt.timedelta(hours=1)
    )

    # From here on the web process queues to RQ, as with MARSAD_TASKS=rq.
    settings.MARSAD_TASKS = "rq"
    settings.RQ_QUEUES = {"default": {"URL": redis_url(QUEUE_DB), "DEFAULT_TIMEOUT": 120}}
    settings.TASKS = RQ_TASKS
    report = submit_report("a report with a photo", files=[("photo.png", png_bytes())])
    assert redis_queue_db.llen("rq:queue:default") == 1  # ingest_report, queued on commit
    assert not EvidenceItem.objects.filter(report=report, kind=Kind.FILE).exists()

    result = run_worker_burst()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 stalled task(s) queued again" in result.stdout
    # The report's file went into the evidence store.
    assert EvidenceItem.objects.filter(report=report, kind=Kind.FILE).count() == 1
    # The lost capture was queued again by the sweep and tried (nothing listens on port 9).
    lost.refresh_from_db()
    assert lost.attempts == 1
    assert lost.state == State.RETRY

    # A task queued to run later waits in RQ's schedule, then the scheduler runs it.
    later = evidence_tasks.ingest_report.using(
        run_after=timezone.now() + dt.timedelta(seconds=2)
    ).enqueue(report.pk)
    # (The capture's retry is scheduled too, an EVIDENCE_CAPTURE_BACKOFF_SECONDS later.)
    assert redis_queue_db.llen("rq:queue:default") == 0
    assert default_task_backend.get_result(later.id).status == TaskResultStatus.READY
    time.sleep(2.5)
    result = run_worker_burst()
    assert result.returncode == 0, result.stdout + result.stderr
    done = default_task_backend.get_result(later.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 1  # the report's one item (return values come back from RQ)
    assert EvidenceItem.objects.filter(report=report, kind=Kind.FILE).count() == 1


def _queue_to_rq(settings) -> None:
    """This process queues to the test Redis, as with MARSAD_TASKS=rq."""
    settings.MEDIA_ROOT = django_settings.DATA_DIR / "media"
    settings.MARSAD_TASKS = "rq"
    settings.RQ_QUEUES = {"default": {"URL": redis_url(QUEUE_DB), "DEFAULT_TIMEOUT": 120}}
    settings.TASKS = RQ_TASKS


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_queued_again_once(settings, redis_queue_db):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.job import JobStatus

    from marsad.core.taskqueue import requeue_stale_running

    _queue_to_rq(settings)
    report = submit_report("a report with a photo", files=[("photo.png", png_bytes())])
    queue = django_rq.get_queue("default", job_class=Job)
    (job_id,) = queue.job_ids
    # A worker took the job and was killed: it is out of the queue, marked started, and its
    # entry in the started registry stopped being renewed (its heartbeat ran out 5 s ago).
    redis_queue_db.lpop("rq:queue:default")
    job = Job.fetch(job_id, connection=queue.connection)
    job.set_status(JobStatus.STARTED)
    registry = queue.started_job_registry
    redis_queue_db.zadd(registry.key, {f"{job_id}:dead-execution": time.time() - 5})
    # A job still running (its heartbeat in the future) and a leftover entry of a finished
    # job are not touched.
    running = queue.enqueue("marsad.evidence.tasks.ingest_report", 0)
    redis_queue_db.lrem("rq:queue:default", 0, running.id)
    running.set_status(JobStatus.STARTED)
    redis_queue_db.zadd(registry.key, {f"{running.id}:alive": time.time() + 60})
    done = queue.enqueue("marsad.evidence.tasks.ingest_report", 0)
    redis_queue_db.lrem("rq:queue:default", 0, done.id)
    done.set_status(JobStatus.FINISHED)
    redis_queue_db.zadd(registry.key, {f"{done.id}:leftover": time.time() - 5})
    assert redis_queue_db.llen("rq:queue:default") == 0

    assert requeue_stale_running() == 1
    assert queue.job_ids == [job_id]
    assert requeue_stale_running() == 0  # claimed once: a second sweeper finds nothing
    assert f"{running.id}:alive".encode() in redis_queue_db.zrange(registry.key, 0, -1)

    result = run_worker_burst()
    assert result.returncode == 0, result.stdout + result.stderr
    assert EvidenceItem.objects.filter(report=report, kind=Kind.FILE).count() == 1
    assert default_task_backend.get_result(job_id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
def test_the_ingest_sweep_sees_what_waits_in_rq(settings, redis_queue_db):
    import django_rq
    from django_tasks_rq.backend import Job

    from marsad.evidence import work
    from marsad.intake.models import ReportFile

    _queue_to_rq(settings)
    report = submit_report("a report with a photo", files=[("photo.png", png_bytes())])
    ReportFile.objects.filter(report=report).update(
        received_at=timezone.now() - dt.timedelta(minutes=3)
    )
    queue = django_rq.get_queue("default", job_class=Job)
    (job_id,) = queue.job_ids
    assert work.ingests_due() == []  # its task waits in Redis
    # The task failed (the database stayed away longer than its retries): RQ keeps it among
    # its failed jobs and never runs it again.
    job = Job.fetch(job_id, connection=queue.connection)
    queue.remove(job_id)
    queue.failed_job_registry.add(job, ttl=600, exc_string="OperationalError")
    assert work.ingests_due() == [report.pk]
    assert evidence_tasks.sweep() == 1
    assert len(queue.job_ids) == 1
    assert work.ingests_due() == []  # queued again: left to that task

    result = run_worker_burst()
    assert result.returncode == 0, result.stdout + result.stderr
    assert EvidenceItem.objects.filter(report=report, kind=Kind.FILE).count() == 1
    assert work.ingests_due() == []
