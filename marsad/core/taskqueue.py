"""Recovery of the task queue after a worker died, for both backends.

A worker that is killed (SIGKILL, out of memory, the machine lost) while it runs a task leaves
that task's row "running" for ever: django-tasks-db only picks up "ready" rows. ``marsad
worker`` runs ``requeue_stale_running`` (``settings.WORKER_SWEEPS``) when it starts and every
minute: a task still "running" ``TASKS_RUNNING_LEASE_SECONDS`` after it started is taken to be
abandoned and is made "ready" again, so another worker runs it. Marsad's tasks are safe to run
twice (they take ids and check what is already done), so a task that was only slow costs a
second run, never a duplicate.

With ``MARSAD_TASKS=rq`` the same sweep looks in RQ's registry of started jobs: a job whose
worker stopped sending heartbeats (RQ keeps each started job's entry alive for the job
monitoring interval plus 60 s, 90 s by default) was abandoned, and is queued again. Left to
itself RQ would move it to its failed jobs at the next maintenance, up to ten minutes later,
and never run it. Each abandoned entry is claimed by removing it from the registry, so of
several workers sweeping at once only one queues the job again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

# What a database restart, a failover or a dropped connection raises: worth trying again on a
# new connection. (SQLite's "database is locked" is an OperationalError too.)
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


def _connections_reset() -> bool:
    """Close every connection so the next query opens a new one; False when one of them is
    inside a transaction (a task run inline by a request or a test), where a retry would run
    outside the caller's transaction."""
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        return False
    for conn in connections.all(initialized_only=True):
        with contextlib.suppress(*TRANSIENT_ERRORS):  # the connection is already gone
            conn.close()
    return True


def retry_transient[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run a task again, on a new database connection, when the database went away under it.

    A task that fails while PostgreSQL restarts would otherwise be marked failed and never run
    (RQ does not retry), or, on the database queue, leave its worker unable even to record the
    failure. The waits are ``settings.TASKS_TRANSIENT_RETRY_SECONDS`` (2, 10 and 30 s: a
    restart takes a few seconds); when they are used up the error is raised as before. Every
    Marsad task is safe to run twice, so a retry after a half-done attempt repeats nothing.
    Other errors are never retried."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        waits = list(settings.TASKS_TRANSIENT_RETRY_SECONDS)
        while True:
            try:
                return func(*args, **kwargs)
            except TRANSIENT_ERRORS as error:
                if not waits or not _connections_reset():
                    raise
                wait = waits.pop(0)
                logger.warning(
                    "task %s: database unavailable (%s), trying again in %s s",
                    func.__qualname__,
                    type(error).__name__,
                    wait,
                )
                time.sleep(wait)

    return run


def uses_database_queue() -> bool:
    """Whether tasks wait in the database (django-tasks-db), where they can be looked at."""
    return bool(
        apps.is_installed("django_tasks_db")
        and settings.TASKS.get("default", {}).get("BACKEND") == "django_tasks_db.DatabaseBackend"
    )


def uses_rq_queue() -> bool:
    """Whether tasks wait in Redis (django-tasks-rq)."""
    return bool(settings.TASKS.get("default", {}).get("BACKEND") == "django_tasks_rq.RQBackend")


def rq_jobs_waiting_or_running() -> list[Any]:
    """Every RQ job of Marsad's queues that is queued, scheduled, deferred or running."""
    import django_rq
    from django_tasks_rq.backend import Job

    jobs: list[Any] = []
    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        queue = django_rq.get_queue(name, job_class=Job)
        ids = list(queue.get_job_ids())
        for registry in (
            queue.started_job_registry,
            queue.scheduled_job_registry,
            queue.deferred_job_registry,
        ):
            # Read as they are: RQ's clean-up on reading would fail the abandoned jobs that
            # requeue_abandoned_rq is there to queue again.
            ids.extend(registry.get_job_ids(cleanup=False))
        jobs.extend(job for job in Job.fetch_many(ids, connection=queue.connection) if job)
    return jobs


def requeue_abandoned_rq(*, now: float | None = None) -> int:
    """Queue again the RQ jobs whose worker died while running them; how many."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.exceptions import NoSuchJobError
    from rq.job import JobStatus
    from rq.utils import current_timestamp

    cutoff = now if now is not None else current_timestamp()
    requeued = 0
    for name in settings.TASKS["default"].get("QUEUES", ["default"]):
        queue = django_rq.get_queue(name, job_class=Job)
        registry = queue.started_job_registry
        members = cast(list[bytes | str], queue.connection.zrangebyscore(registry.key, 0, cutoff))
        for member in members:
            if not queue.connection.zrem(registry.key, member):
                continue  # another sweeper claimed it
            job_id = registry.parse_job_id(member.decode() if isinstance(member, bytes) else member)
            try:
                job = Job.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            status = job.get_status(refresh=False)
            if status != JobStatus.STARTED:
                # Finished or failed: a leftover entry, not an abandoned job.
                logger.info("RQ job %s left in the started registry is %s", job_id, status)
                continue
            queue.enqueue_job(job)
            requeued += 1
    if requeued:
        logger.warning("%d task(s) left running by a stopped worker were queued again", requeued)
    return requeued


def requeue_stale_running(*, now: dt.datetime | None = None) -> int:
    """Make tasks abandoned by a dead worker ready again; how many."""
    if uses_rq_queue():
        return requeue_abandoned_rq(now=now.timestamp() if now else None)
    if not uses_database_queue():
        return 0
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.TASKS_RUNNING_LEASE_SECONDS)
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    count = stale.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("%d task(s) left running by a stopped worker were queued again", count)
    return count


def finished_rows_delete(*, task_path: str | None = None, before: dt.datetime | None = None) -> int:
    """Delete the rows of finished tasks (successful or failed) of the database queue: those
    of ``task_path`` only, and those finished before ``before``, when given. A row keeps the
    task's arguments and, when it failed, its traceback. How many were deleted."""
    if not uses_database_queue():
        return 0
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.finished()
    if task_path is not None:
        rows = rows.filter(task_path=task_path)
    if before is not None:
        rows = rows.filter(finished_at__lt=before)
    deleted, _by_model = rows.delete()
    return deleted


def tasks_prune_finished(*, now: dt.datetime | None = None) -> int:
    """Called by ``marsad worker`` every minute (``WORKER_SWEEPS``): finished task rows go
    ``TASKS_KEEP_FINISHED_DAYS`` after they finished, so that what a task was given or what
    its failure said is not kept for ever. Nothing is queued: 0 for the worker's count."""
    now = now or timezone.now()
    finished_rows_delete(before=now - dt.timedelta(days=settings.TASKS_KEEP_FINISHED_DAYS))
    return 0
