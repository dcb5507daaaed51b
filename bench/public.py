#!/usr/bin/env python
"""The public observatory with many published violations on PostgreSQL.

Loads N published violations (default 1,000,000) with an Arabic public summary each (and an
English one for a third), their search text and tags into a fresh benchmark database with
COPY, then measures, through Django's full request path (middleware, view, template):

- the search page ``/ar/violations/`` with Arabic words and filters: p50/p95, cold (cache
  emptied before every request, so the count is computed) and warm; budget p95 <= 100 ms;
- the statistics page ``/ar/statistics/`` (total, monthly series, five breakdowns) for
  several filters, cold and warm; budget p95 <= 150 ms; and one chart (SVG) cold;
- the CSV export of every row, in a separate process so that its peak RSS is its own:
  rows/s (budget >= 100,000) and peak RSS (budget <= 200 MB), against PostgreSQL's own
  ``COPY (same query) TO STDOUT`` of the same rows.

    .venv/bin/python bench/public.py                 # 1,000,000 violations
    .venv/bin/python bench/public.py --violations 200000
    .venv/bin/python bench/public.py --smoke         # 3,000 violations, 3 rounds (CI)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (the shared data set of bench/)

DB_NAME = os.environ.get("BENCH_PUBLIC_DB", "perf_obs_bench")


def database_url() -> str:
    return generate.url_for(DB_NAME)


def setup_django(url: str) -> None:
    generate.setup_django(url)


def timed(client, url: str, *, cold: bool) -> float:
    """One request; ``cold`` first drops the public aggregates as a publication does (the
    count, statistics and charts are computed again; vocabulary labels stay cached)."""
    from marsad.observatory.caching import public_cache_invalidate

    if cold:
        public_cache_invalidate()
    start = time.perf_counter()
    response = client.get(url, HTTP_HOST="localhost")
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with few values, the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def measure(label: str, client, urls: list[str], rounds: int, budget_ms: float) -> dict:
    result = {}
    for mode in ("cold", "warm"):
        for url in urls:  # warm-up (and, for "warm", fill the cache)
            timed(client, url, cold=mode == "cold")
        every: list[float] = []
        per_url: dict[str, list[float]] = {url: [] for url in urls}
        for _ in range(rounds):
            for url in urls:
                elapsed = timed(client, url, cold=mode == "cold")
                per_url[url].append(elapsed)
                every.append(elapsed)
        print(f"{label}, {mode} cache, {len(every)} requests:")
        for url, values in per_url.items():
            print(
                f"  {url:<72} p50 {statistics.median(values) * 1000:6.1f} ms  "
                f"max {max(values) * 1000:6.1f} ms"
            )
        print(
            f"  all: p50 {statistics.median(every) * 1000:.1f} ms, "
            f"p95 {p95(every) * 1000:.1f} ms (budget <= {budget_ms:.0f})"
        )
        result[mode] = p95(every) * 1000
    return result


def export_only() -> int:
    """Child process: stream the full CSV export and report rows, seconds and peak RSS."""
    setup_django(database_url())
    from django.test import Client

    client = Client()
    # Load the URL tree and the views (matplotlib, fonts) before the clock starts.
    client.get("/ar/violations/export.csv?from=2999-01-01", HTTP_HOST="localhost")
    start = time.perf_counter()
    response = client.get("/ar/violations/export.csv", HTTP_HOST="localhost")
    assert response.status_code == 200
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": lines - 1, "bytes": size, "seconds": seconds, "peak_kb": peak_kb}))
    return 0


def copy_baseline() -> tuple[int, float]:
    """PostgreSQL's own COPY of the export's query (the same rows, columns and joins)."""
    from django.db import connection

    from marsad.observatory.filters import PublicFilter
    from marsad.observatory.selectors import export_query

    sql, params = export_query(filters=PublicFilter({})).query.sql_with_params()
    raw = connection.connection if connection.connection else None
    assert raw is not None
    inlined = psycopg.ClientCursor(raw).mogrify(sql, params)
    size = 0
    start = time.perf_counter()
    with (
        psycopg.connect(database_url()) as conn,
        conn.cursor() as cur,
        cur.copy(f"COPY ({inlined}) TO STDOUT WITH (FORMAT csv)") as copy,
    ):
        for block in copy:
            size += len(block)
    return size, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="3,000 violations, 3 rounds (CI)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the database a previous run loaded (no drop, no load)",
    )
    parser.add_argument("--database", default=None, help="benchmark database (perf_obs_bench)")
    parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        return export_only()
    if args.smoke:
        args.violations, args.rounds = 3_000, 3

    global DB_NAME
    DB_NAME = os.environ["BENCH_PUBLIC_DB"] = args.database or DB_NAME  # the export child
    url = database_url() if args.reuse else generate.recreate_database(DB_NAME)
    setup_django(url)
    from django.db import connection
    from django.test import Client

    generate.migrate()
    if args.reuse:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cases_violation")
            print(f"reusing {cursor.fetchone()[0]} violations in {DB_NAME}")
    else:
        seconds = sum(generate.load(url, violations=args.violations).values())
        print(f"loaded {args.violations} published violations with COPY in {seconds:.1f} s")

    client = Client()
    search = [
        "/ar/violations/",
        "/ar/violations/?q=" + "الاعلام",  # hamza folded, ~1/8 of the rows
        "/ar/violations/?q=" + "جنين",  # ~1/10
        "/ar/violations/?q=" + "رقم 4321",  # rare: a few hundred rows per million
        "/ar/violations/?q=" + "موسسه&platform=facebook",
        "/ar/violations/?platform=instagram&region=gaza-strip&from=2023-01-01&to=2023-12-31",
        "/ar/violations/?violation_type=hacking&sort=oldest&page=40",
    ]
    search_p95 = measure("search page", client, search, args.rounds, 100)
    stats_urls = [
        "/ar/statistics/",
        "/ar/statistics/?from=2023-01-01&to=2023-12-31",
        "/ar/statistics/?platform=facebook",
        "/ar/statistics/?region=gaza-strip&victim_type=journalist",
    ]
    stats_p95 = measure("statistics page", client, stats_urls, args.rounds, 150)
    chart = [
        "/ar/statistics/charts/platform.svg?from=2023-01-01",
        "/he/statistics/charts/months.svg",
    ]
    measure("one chart (SVG)", client, chart, max(1, args.rounds // 2), 150)

    child = subprocess.run(
        [sys.executable, __file__, "--export-only"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    export = json.loads(child.stdout.strip().splitlines()[-1])
    rate = export["rows"] / export["seconds"]
    print(
        f"CSV export: {export['rows']} rows, {export['bytes'] / 1e6:.0f} MB in "
        f"{export['seconds']:.1f} s = {rate:,.0f} rows/s (budget >= 100,000), peak RSS "
        f"{export['peak_kb'] / 1024:.0f} MB (budget <= 200)"
    )
    connection.ensure_connection()
    copy_bytes, copy_seconds = copy_baseline()
    copy_rate = export["rows"] / copy_seconds
    print(
        f"PostgreSQL COPY of the same query: {copy_bytes / 1e6:.0f} MB in {copy_seconds:.1f} s "
        f"= {copy_rate:,.0f} rows/s; the export runs at {rate / copy_rate:.0%} of COPY"
    )
    print(
        f"summary: search p95 cold {search_p95['cold']:.1f} ms / warm {search_p95['warm']:.1f} "
        f"ms; statistics p95 cold {stats_p95['cold']:.1f} ms / warm {stats_p95['warm']:.1f} ms; "
        f"export {rate:,.0f} rows/s, {export['peak_kb'] / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
