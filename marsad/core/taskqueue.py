"""Recovery of the database task queue (django-tasks-db) after a worker died.

A worker that is killed (SIGKILL, out of memory, the machine lost) while it runs a task leaves
that task's row "running" for ever: django-tasks-db only picks up "ready" rows. ``marsad
worker`` runs ``requeue_stale_running`` (``settings.WORKER_SWEEPS``) when it starts and every
minute: a task still "running" ``TASKS_RUNNING_LEASE_SECONDS`` after it started is taken to be
abandoned and is made "ready" again, so another worker runs it. Marsad's tasks are safe to run
twice (they take ids and check what is already done), so a task that was only slow costs a
second run, never a duplicate.
"""

from __future__ import annotations

import datetime as dt
import logging

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


def requeue_stale_running(*, now: dt.datetime | None = None) -> int:
    """Make tasks abandoned by a dead worker ready again; how many."""
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
