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


def after_change(label: str, client: Any, urls: list[str], rounds: int) -> dict[str, float | str]:
    """What visitors wait for right after a publication where a worker shares the cache
    (``OBSERVATORY_WARM``): each round moves the generation as a publication does, a worker
    computes the unfiltered figures and every refresh a visitor queued, while the visitors
    ask every URL. Afterwards every figure must be the new generation's. Prints and returns
    p50/p95 (ms).

    Where this process's tasks go to RQ (``uses_rq_queue``: the cache and the queue in
    Redis, as in production) the worker is a ``marsad worker`` process of its own; else a
    thread of this process, sharing its local cache and its interpreter lock."""
    from marsad.core.taskqueue import uses_rq_queue

    if uses_rq_queue():
        return _after_change_worker_process(label, client, urls, rounds)
    return _after_change_worker_thread(label, client, urls, rounds)


def _after_change_result(
    label: str,
    every: list[float],
    per_url: dict[str, list[float]],
    worker_seconds: list[float],
    worker: str,
) -> dict[str, float | str]:
    result: dict[str, float | str] = {
        "p50": statistics.median(every) * 1000,
        "p95": percentile(every, 0.95) * 1000,
        "worker_s": max(worker_seconds),
        "worker": worker,
        "load": load_average(),
    }
    print(
        f"{label}, right after a change with a worker ({worker}), {len(every)} requests: p50 "
        f"{result['p50']:.1f} ms, p95 {result['p95']:.1f} ms; the worker took up to "
        f"{result['worker_s']:.1f} s (load average {result['load']})"
    )
    for url, values in per_url.items():
        print(
            f"  {url:<72} p50 {statistics.median(values) * 1000:7.1f} ms  "
            f"max {max(values) * 1000:7.1f} ms"
        )
    return result


def _after_change_worker_process(
    label: str, client: Any, urls: list[str], rounds: int
) -> dict[str, float | str]:
    import subprocess
    import sys
    from pathlib import Path

    from django.test import override_settings

    from marsad.core.taskqueue import rq_jobs_waiting_or_running
    from marsad.observatory import tasks, warming
    from marsad.observatory.caching import public_cache_invalidate

    root = Path(__file__).resolve().parent.parent
    every: list[float] = []
    per_url: dict[str, list[float]] = {}
    worker_seconds: list[float] = []
    worker = subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "worker", "-v", "0"],
        cwd=root,
        env={**os.environ, "OBSERVATORY_WARM": "true"},
        stdout=subprocess.DEVNULL,
    )
    try:
        with override_settings(OBSERVATORY_WARM=True):
            for url in urls:  # every question has been asked once before the change
                timed(client, url)
            # A change nobody times: the worker is up and has computed the figures a visitor
            # is given while it computes the next ones.
            public_cache_invalidate()
            tasks.warm_soon()
            _queue_drained(rq_jobs_waiting_or_running, worker)
            for url in urls:
                timed(client, url)
            for _ in range(rounds):
                _queue_drained(rq_jobs_waiting_or_running, worker)
                changed = time.perf_counter()
                public_cache_invalidate()  # as a publication does, then its warm-up
                tasks.warm_soon()
                for url in urls:
                    every.append(timed(client, url))
                    per_url.setdefault(url, []).append(every[-1])
                _queue_drained(rq_jobs_waiting_or_running, worker)
                worker_seconds.append(time.perf_counter() - changed)
                assert warming.first_page_fresh(), "the worker left the first page's figures"
    finally:
        worker.terminate()
        worker.wait(30)
    return _after_change_result(label, every, per_url, worker_seconds, "a process of its own")


def _queue_drained(jobs: Any, worker: Any, seconds: float = 600.0) -> None:
    """Wait until no task is queued or running and the first page's figures are the current
    generation's (bounded, the worker still alive). Idle twice in a row: a job RQ has taken
    from the queue is in no registry for a moment before it is marked started."""
    from marsad.observatory import warming

    deadline = time.monotonic() + seconds
    idle = 0
    while idle < 2:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited ({worker.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"tasks still queued after {seconds:.0f} s")
        idle = idle + 1 if not jobs() and warming.first_page_fresh() else 0
        time.sleep(0.05)


def _after_change_worker_thread(
    label: str, client: Any, urls: list[str], rounds: int
) -> dict[str, float | str]:
    import threading

    from django.db import connection
    from django.tasks import default_task_backend
    from django.test import override_settings

    from marsad.observatory import warming
    from marsad.observatory.caching import public_cache_invalidate

    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    every: list[float] = []
    per_url: dict[str, list[float]] = {}
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
                per_url.setdefault(url, []).append(every[-1])
            stop.set()
            thread.join()
            assert warming.first_page_fresh()
    return _after_change_result(label, every, per_url, worker_seconds, "a thread of this process")
