"""The cache of public aggregates (statistics, term labels, charts).

Every key carries a generation number kept in the default cache; ``public_cache_invalidate``
(called by ``observatory.services`` whenever a violation is published, changed or withdrawn)
moves to the next generation, so every older entry is unreachable at once in every process
that shares the cache, without listing keys. Entries also expire after
``OBSERVATORY_CACHE_SECONDS``: with a per-process cache (the local-memory default) that bounds
how long another process may show an older figure.

The costly aggregates (the statistics, the escalation figures, the counts) are asked for with
``stale_while_computing``: a million violations take seconds to count, and no visitor should
wait for that. When the generation has moved on:

- where a worker shares this cache (``OBSERVATORY_WARM``), a reader who finds an older value
  for the same question gets it at once, and the computation of the new one is queued for the
  worker (``observatory.tasks.refresh``, once per generation and question); the worker also
  computes the unfiltered figures right after each change (``observatory.tasks.warm``);
- otherwise the first reader takes a short lock and computes the new value, and every reader
  who comes meanwhile gets the last value instead of computing it a second time.

A question asked for the first time, with no older value to give, is computed by whoever asks.
An older value is kept ``LATEST_KEPT_FACTOR`` times ``OBSERVATORY_CACHE_SECONDS`` at most.

When a violation leaves the public record (its reporter withdrew, staff unpublished it, it was
merged away or reopened), ``public_cache_forget`` moves a second counter that every key carries,
the older values' too: from then on no figure computed before is handed out, not even while the
new one is computed (a count that still included the case would tell that it was there). Those
first readers compute instead; such changes are rare.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from marsad.core.crypto import keyed_hash

logger = logging.getLogger(__name__)

GENERATION_KEY = "observatory:generation"
# Moved on when a violation leaves the public record (``public_cache_forget``).
FORGOTTEN_KEY = "observatory:forgotten"
# Longest a computation may hold its lock: past it (a killed process), the next reader computes.
COMPUTE_LOCK_SECONDS = 300
# How much longer than a current entry the last value is kept for readers during a computation.
LATEST_KEPT_FACTOR = 24
# In every entry's key: moved on when what a figure's cached value holds changes shape (2: the
# statistics keep each count's published part), so that a new version never reads a value an
# older one left in a shared cache, not even as the last value during a computation.
FORMAT = 2


def _started(key: str) -> int:
    # A fresh number per start, so a restarted process (or an evicted counter) never reads
    # a stale one.
    value = time.time_ns()
    cache.add(key, value, timeout=None)
    return int(cache.get(key, value))


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    return _started(GENERATION_KEY) if value is None else int(value)


def _counters() -> tuple[int, int]:
    """The generation and the forgetting counter, in one round trip to the cache."""
    found = cache.get_many([GENERATION_KEY, FORGOTTEN_KEY])
    values = [found.get(key) for key in (GENERATION_KEY, FORGOTTEN_KEY)]
    return (
        _started(GENERATION_KEY) if values[0] is None else int(values[0]),
        _started(FORGOTTEN_KEY) if values[1] is None else int(values[1]),
    )


def _move_on(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), timeout=None)


def public_cache_invalidate() -> None:
    _move_on(GENERATION_KEY)


def public_cache_forget() -> None:
    """A violation left the public record: no value computed before is handed out again,
    neither the current ones nor the last ones kept for readers during a computation."""
    _move_on(FORGOTTEN_KEY)
    _move_on(GENERATION_KEY)


def _keys(name: str, parts: str, *, per_language: bool, generational: bool) -> tuple[str, str]:
    """The entry's key in the current generation and its "latest" key, which outlives the
    generation but not a forgetting."""
    language = (translation.get_language() or settings.LANGUAGE_CODE) if per_language else "-"
    # Keyed: the parts may hold the words of a search, and a plain hash of them could be
    # matched against guesses by whoever reads the cache's keys (Redis).
    digest = keyed_hash("observatory-cache", parts)[:32]
    if not generational:
        return f"observatory:terms:{name}:{language}:{digest}", ""
    current, forgotten = _counters()
    return (
        f"observatory:{current}.{forgotten}:v{FORMAT}:{name}:{language}:{digest}",
        f"observatory:latest:{forgotten}:v{FORMAT}:{name}:{language}:{digest}",
    )


_computing: ContextVar[bool] = ContextVar("observatory_computing", default=False)


@contextmanager
def computing() -> Iterator[None]:
    """Within it, ``cached`` computes what is missing instead of giving an older value (the
    worker's warm-up and refresh tasks: they are the ones computing)."""
    token = _computing.set(True)
    try:
        yield
    finally:
        _computing.reset(token)


# Queues the computation of one figure for the worker (``tasks.refresh_soon``, given by
# ``ObservatoryConfig.ready``): called with the cache name and the query string.
_refresh: Callable[[str, str], object] | None = None


def on_refresh(queue: Callable[[str, str], object]) -> None:
    global _refresh
    _refresh = queue


def is_cached(name: str, parts: str, *, per_language: bool) -> bool:
    """Whether the current generation already holds this entry (for the worker's warm-up)."""
    key, _latest = _keys(name, parts, per_language=per_language, generational=True)
    return cache.get(key) is not None


def cached[T](
    name: str,
    parts: str,
    compute: Callable[[], T],
    *,
    per_language: bool,
    seconds: int | None = None,
    generational: bool = True,
    stale_while_computing: bool = False,
    refresh: bool = False,
) -> T:
    """``compute()`` cached under this name and these parts for the current generation (or,
    with ``generational=False``, for ``seconds`` whatever changes: vocabulary labels do not
    depend on violations). With ``stale_while_computing``, a reader who finds another process
    computing the current value is given the last one computed; with ``refresh`` as well
    and ``OBSERVATORY_WARM``, every reader who finds an older value gets it and the worker
    computes the new one (``tasks.refresh``, queued once; see the module's note).
    Inside ``computing()`` (the worker's own tasks), the value is always computed."""
    seconds = settings.OBSERVATORY_CACHE_SECONDS if seconds is None else seconds
    if settings.OBSERVATORY_CACHE_SECONDS == 0:
        return compute()
    key, latest_key = _keys(name, parts, per_language=per_language, generational=generational)
    found: T | None = cache.get(key)
    if found is not None:
        return found
    if not (stale_while_computing and generational):
        found = compute()
        cache.set(key, found, timeout=seconds)
        return found
    previous: T | None = cache.get(latest_key)
    queue = _refresh
    if (
        previous is not None
        and refresh
        and queue is not None
        and settings.OBSERVATORY_WARM
        and not _computing.get()
    ):
        queued = True
        if cache.add(key + ":queued", 1, timeout=COMPUTE_LOCK_SECONDS):
            try:
                queue(name, parts)
            except Exception:  # the queue is down: this reader computes it below
                logger.exception("could not queue the refresh of %s", name)
                cache.delete(key + ":queued")
                queued = False
            # A backend that runs tasks at once (no worker) has computed it already.
            found = cache.get(key)
        if queued:
            return previous if found is None else found
    lock_key = key + ":computing"
    locked = cache.add(lock_key, 1, timeout=COMPUTE_LOCK_SECONDS)
    if not locked:
        if previous is None:
            previous = cache.get(latest_key)
        if previous is not None:
            return previous
        # Nothing older to give: this reader computes as well rather than wait.
    try:
        found = compute()
        cache.set(key, found, timeout=seconds)
        cache.set(latest_key, found, timeout=max(seconds, 1) * LATEST_KEPT_FACTOR)
    finally:
        if locked:
            cache.delete(lock_key)
    return found
