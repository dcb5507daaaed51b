"""Background tasks of the public observatory: thin, safe to run twice. Services enqueue them
(after a change of the public figures); ``ObservatoryConfig.ready`` gives ``refresh`` to the
cache, which queues it when a visitor is handed an older figure."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.tasks import task

from marsad.core import crypto
from marsad.core.taskqueue import retry_transient
from marsad.observatory import warming
from marsad.observatory.caching import COMPUTE_LOCK_SECONDS, generation


@task()
@retry_transient
def warm() -> int:
    """Compute the unfiltered public figures of the current generation (after a change)."""
    return warming.first_page_warm()


@task()
@retry_transient
def refresh(name: str, sealed_parts: str) -> bool:
    """Compute one public figure a visitor was given an older value of. The question (the
    filters' query string, with the words of a search) travels encrypted: a task's
    arguments are kept in the queue's table, or in Redis, after it ran. One queued by an
    older version, in clear, is dropped (the next reader computes it)."""
    try:
        parts = crypto.decrypt(sealed_parts)
    except (crypto.InvalidToken, ValueError):
        return False
    return warming.figure_refresh(name, parts)


def refresh_soon(name: str, parts: str) -> object:
    """Queue ``refresh`` for this question (the hook ``ObservatoryConfig.ready`` gives the
    cache)."""
    return refresh.enqueue(name, crypto.encrypt(parts))


def warm_soon() -> bool:
    """Queue ``warm`` once per generation (``OBSERVATORY_WARM``: only where the worker shares
    the web's cache, else its results would be seen by nobody)."""
    if not settings.OBSERVATORY_WARM:
        return False
    if not cache.add(f"observatory:{generation()}:warm-queued", 1, timeout=COMPUTE_LOCK_SECONDS):
        return False
    warm.enqueue()
    return True


def sweep() -> int:
    """Called by ``marsad worker`` every minute: queue the warm-up when the unfiltered figures
    of the current generation are missing (they expired, or the change's own warm-up was lost
    with its worker). The figures themselves are computed by the task, not in the sweep."""
    if not settings.OBSERVATORY_WARM or warming.first_page_fresh():
        return 0
    return int(warm_soon())
