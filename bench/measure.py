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
