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

import datetime as dt
import logging
from typing import cast

from django.apps import apps
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def uses_database_queue() -> bool:
    """Whether tasks wait in the database (django-tasks-db), where they can be looked at."""
    return bool(
        apps.is_installed("django_tasks_db")
        and settings.TASKS.get("default", {}).get("BACKEND") == "django_tasks_db.DatabaseBackend"
    )


def uses_rq_queue() -> bool:
    """Whether tasks wait in Redis (django-tasks-rq)."""
    return bool(settings.TASKS.get("default", {}).get("BACKEND") == "django_tasks_rq.RQBackend")


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
            if job.get_status(refresh=False) != JobStatus.STARTED:
                continue  # finished or failed: a leftover entry, not an abandoned job
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
