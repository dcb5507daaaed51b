"""Prometheus metrics (prometheus_client), shared by every gunicorn worker.

``marsad serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at an emptied folder before gunicorn
starts, so each worker process writes its samples to files there and a scrape of any worker
adds up all of them (prometheus_client's multiprocess mode; a dead worker's files are marked
by gunicorn's ``child_exit`` hook in marsad/ops/gunicorn_conf.py). Without it (the development
server, tests) the metrics of the one process are served.

Labels are bounded: the URL pattern, never the path, and no client or user.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "marsad_http_requests",
    "HTTP requests answered, by method, URL pattern and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "marsad_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL pattern.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    # Any other method a client invents is counted together, so labels stay bounded.
    REQUESTS.labels(method if method in _METHODS else "other", route, str(status)).inc()
    LATENCY.labels(route).observe(seconds)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def render() -> tuple[bytes, str]:
    """The exposition text of every worker (multiprocess mode) or of this process."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
