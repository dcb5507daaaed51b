"""The cache of public aggregates (statistics, term labels, charts).

Every key carries a generation number kept in the default cache; ``public_cache_invalidate``
(called by ``observatory.services`` whenever a violation is published, changed or withdrawn)
moves to the next generation, so every older entry is unreachable at once in every process
that shares the cache, without listing keys. Entries also expire after
``OBSERVATORY_CACHE_SECONDS``: with a per-process cache (the local-memory default) that bounds
how long another process may show an older figure.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

GENERATION_KEY = "observatory:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh number per start, so a restarted process never reads a stale generation.
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return int(value)


def public_cache_invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def cached[T](
    name: str,
    parts: str,
    compute: Callable[[], T],
    *,
    per_language: bool,
    seconds: int | None = None,
    generational: bool = True,
) -> T:
    """``compute()`` cached under this name and these parts for the current generation (or,
    with ``generational=False``, for ``seconds`` whatever changes: vocabulary labels do not
    depend on violations)."""
    seconds = settings.OBSERVATORY_CACHE_SECONDS if seconds is None else seconds
    if settings.OBSERVATORY_CACHE_SECONDS == 0:
        return compute()
    language = translation.get_language() or settings.LANGUAGE_CODE if per_language else "-"
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    epoch = generation() if generational else "terms"
    key = f"observatory:{epoch}:{name}:{language}:{digest}"
    found: T | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=seconds)
    return found
