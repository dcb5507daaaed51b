"""Timing helpers shared by the bench scripts: requests through Django's test client (the
whole request path: middleware, view, template), nearest-rank percentiles, the load."""

from __future__ import annotations

import math
import os
import statistics
import time
from typing import Any


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (with few values, the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timed(client: Any, url: str, *, cold: bool = False) -> float:
    """One request in seconds; ``cold`` first drops the public aggregates as a publication
    does (counts, statistics and charts are computed again; vocabulary labels stay)."""
    from marsad.observatory.caching import public_cache_invalidate

    if cold:
        public_cache_invalidate()
    start = time.perf_counter()
    response = client.get(url, HTTP_HOST="localhost")
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def pages(
    label: str, client: Any, urls: list[str], rounds: int, *, cold: bool = False
) -> dict[str, float]:
    """Each URL once to warm up, then ``rounds`` times; prints and returns p50/p95 (ms)."""
    for url in urls:
        timed(client, url, cold=cold)
    every: list[float] = []
    per_url: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(rounds):
        for url in urls:
            elapsed = timed(client, url, cold=cold)
            per_url[url].append(elapsed)
            every.append(elapsed)
    print(f"{label}{', cold cache' if cold else ''}, {len(every)} requests:")
    for url, values in per_url.items():
        print(
            f"  {url:<72} p50 {statistics.median(values) * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms"
        )
    result = {
        "p50": statistics.median(every) * 1000,
        "p95": percentile(every, 0.95) * 1000,
        "load": load_average(),
    }
    print(
        f"  all: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms "
        f"(load average {result['load']})"
    )
    return result


def cold_warm(
    label: str, client: Any, urls: list[str], rounds: int, budget_ms: float
) -> dict[str, dict[str, float]]:
    """``pages`` cold (aggregates dropped before every request) then warm, with the budget."""
    out = {}
    for mode in ("cold", "warm"):
        out[mode] = pages(label, client, urls, rounds, cold=mode == "cold")
        print(f"  budget p95 <= {budget_ms:.0f} ms")
    return out


def staff_client(role: str) -> Any:
    """A test client signed in (two-factor included, as the tests do) as the benchmark's
    user of this role, made on first use (a reused database already has it)."""
    from django.test import Client

    from conftest import make_user
    from marsad.accounts.choices import Role
    from marsad.accounts.models import User

    user = User.objects.filter(username=f"test-{role}").first() or make_user(Role(role))
    client = Client()
    client.force_login(user)
    return client


def after_change(label: str, client: Any, urls: list[str], rounds: int) -> dict[str, float]:
    """What visitors wait for right after a publication where a worker shares the cache
    (``OBSERVATORY_WARM``): each round moves the generation as a publication does, a worker
    (a thread here, sharing this process's cache as a worker shares Redis) computes the
    unfiltered figures and every refresh a visitor queued, while the visitors ask every URL.
    Afterwards every figure must be the new generation's. Prints and returns p50/p95 (ms)."""
    import threading

    from django.db import connection
    from django.tasks import default_task_backend
    from django.test import override_settings

    from marsad.observatory import warming
    from marsad.observatory.caching import public_cache_invalidate

    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    every: list[float] = []
    worker_seconds: list[float] = []
    with override_settings(OBSERVATORY_WARM=True, TASKS=dummy):
        for url in urls:  # every question has been asked once before the change
            timed(client, url)
        for _ in range(rounds):
            public_cache_invalidate()
            default_task_backend.clear()  # type: ignore[attr-defined]  # the dummy backend
            stop = threading.Event()

            def worker(stop: threading.Event) -> None:
                start = time.perf_counter()
                warming.first_page_warm()
                done = 0
                while not (stop.is_set() and done == len(default_task_backend.results)):
                    queued = list(default_task_backend.results)
                    for result in queued[done:]:
                        result.task.call(*result.args, **result.kwargs)
                    done = len(queued)
                    time.sleep(0.01)
                worker_seconds.append(time.perf_counter() - start)
                connection.close()  # this thread's own connection

            thread = threading.Thread(target=worker, args=(stop,))
            thread.start()
            for url in urls:
                every.append(timed(client, url))
            stop.set()
            thread.join()
            assert warming.first_page_fresh()
    result = {
        "p50": statistics.median(every) * 1000,
        "p95": percentile(every, 0.95) * 1000,
        "worker_s": max(worker_seconds),
        "load": load_average(),
    }
    print(
        f"{label}, right after a change with a worker, {len(every)} requests: p50 "
        f"{result['p50']:.1f} ms, p95 {result['p95']:.1f} ms; the worker took up to "
        f"{result['worker_s']:.1f} s (load average {result['load']})"
    )
    return result
