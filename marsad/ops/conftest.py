"""Fixtures of the operations tests: the real Redis (127.0.0.1:6379), on database numbers of
their own, emptied before and after each test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

REDIS_HOST = os.environ.get("MARSAD_TEST_REDIS_HOST", "127.0.0.1:6379")
# Database numbers kept for these tests: the caches and rate limits, and the RQ task queue;
# each pytest-xdist worker (gw0, gw1, ...) gets its own pair, since the tests empty them.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
CACHE_DB = 6 + 2 * _WORKER
QUEUE_DB = 7 + 2 * _WORKER


def redis_url(db: int) -> str:
    return f"redis://{REDIS_HOST}/{db}"


def _redis(db: int):
    import redis

    client = redis.Redis.from_url(redis_url(db), socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not running at {REDIS_HOST} (.ci/run starts it)")
        pytest.skip(f"Redis is not running at {REDIS_HOST}")
    return client


@pytest.fixture
def redis_cache_db() -> Iterator:
    client = _redis(CACHE_DB)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def redis_queue_db() -> Iterator:
    client = _redis(QUEUE_DB)
    client.flushdb()
    yield client
    client.flushdb()


def redis_caches(db: int = CACHE_DB) -> dict:
    """CACHES as config/settings.py builds them from REDIS_URL."""
    options = {"socket_connect_timeout": 5, "socket_timeout": 5}
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(db),
            "KEY_PREFIX": prefix,
            "OPTIONS": options,
        }
        for alias, prefix in (("default", "marsad"), ("ratelimit", "marsad-rl"))
    }
