"""Readiness checks: can this process serve requests and run its work right now?

Each check touches the real thing once (a query, a cache write and read, the task queue, a
file written to and deleted from evidence storage) and reports only "ok" or "failed"; why it
failed goes to the log (the exception's class), never to the caller.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.tasks import default_task_backend

from marsad.evidence.storage import evidence_storage

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer")


def check_cache() -> None:
    for alias in ("default", "ratelimit"):
        cache = caches[alias]
        key = f"readyz:{uuid.uuid4().hex}"
        cache.set(key, "ok", timeout=30)
        if cache.get(key) != "ok":
            raise RuntimeError(f"cache {alias} did not keep a value")
        cache.delete(key)


def check_tasks() -> None:
    """The queue the web process puts tasks in can be reached."""
    if settings.MARSAD_TASKS == "rq":
        import django_rq

        django_rq.get_connection("default").ping()
    elif type(default_task_backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    # Other backends (the immediate one in tests) have no queue to reach.


def check_storage() -> None:
    """Evidence storage takes a file, gives it back and lets it go."""
    storage = evidence_storage()
    name = storage.save(f"_readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("storage gave back other content")
    finally:
        storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
    "storage": check_storage,
}


def readiness() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:
            logger.warning("readiness check %s failed (%s)", name, type(exc).__name__)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return results
