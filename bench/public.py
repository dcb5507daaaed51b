#!/usr/bin/env python
"""The public observatory with many published violations on PostgreSQL.

Loads N published violations (default 1,000,000) with an Arabic public summary each (and an
English one for a third), their search text and tags into a fresh benchmark database with
COPY, then measures, through Django's full request path (middleware, view, template):

- the search page ``/ar/violations/`` with Arabic words and filters: p50/p95, cold (cache
  emptied before every request, so the count is computed) and warm; budget p95 <= 100 ms;
- the statistics page ``/ar/statistics/`` (total, monthly series, five breakdowns) for
  several filters, cold and warm; budget p95 <= 150 ms; and one chart (SVG) cold;
- both pages right after a change where a worker shares the cache (``OBSERVATORY_WARM``):
  what visitors wait for while the new figures are computed;
- the CSV export of every row, in a separate process so that its peak RSS is its own:
  rows/s (budget >= 100,000) and peak RSS (budget <= 200 MB), against PostgreSQL's own
  ``COPY (same query) TO STDOUT`` of the same rows.

The cache and the task queue are in a Redis of the benchmark's own and the worker
(``marsad worker``) is a process of its own, as in production; ``--cache local`` keeps them
in this process's memory, the worker a thread of it.

    .venv/bin/python bench/public.py                 # 1,000,000 violations
    .venv/bin/python bench/public.py --violations 200000
    .venv/bin/python bench/public.py --smoke         # 3,000 violations, 3 rounds (CI)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (the shared data set of bench/)
import measure  # noqa: E402
from common import Redis  # noqa: E402

DB_NAME = os.environ.get("BENCH_PUBLIC_DB", "perf_obs_bench")


def database_url() -> str:
    return generate.url_for(DB_NAME)


def setup_django(url: str, **extra: str) -> None:
    generate.setup_django(url, **extra)


def own_peak_kb() -> int:
    """This process's peak resident memory in KiB, from /proc/self/status (VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


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
    # The peak of this process's own memory (VmHWM). Not getrusage's ru_maxrss: Linux carries
    # the forked parent's peak across exec into it, so a child started by a benchmark that
    # had grown to 420 MB reported 420 MB whatever the export did (docs/performance.md).
    peak_kb = own_peak_kb()
    inherited_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": lines - 1,
                "bytes": size,
                "seconds": seconds,
                "peak_kb": peak_kb,
                "ru_maxrss_kb": inherited_kb,
            }
        )
    )
    return 0


def copy_baseline(*, full: bool) -> tuple[int, float]:
    """PostgreSQL's own COPY, straight to this process with no Django in between: of the
    export's whole statement (``full``: labels, tags, neutralised summaries) or of its inner
    query alone (the raw columns and joins, the baseline of the earlier runs)."""
    from django.db import connection

    from marsad.observatory.csv_copy import copy_statement
    from marsad.observatory.filters import PublicFilter
    from marsad.observatory.selectors import export_query

    filters = PublicFilter({})
    if full:
        statement, params = copy_statement(filters=filters, url_prefix="http://localhost/")
    else:
        sql, params = export_query(filters=filters).query.sql_with_params()
        statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    connection.ensure_connection()
    inlined = psycopg.ClientCursor(connection.connection).mogrify(statement, params)
    size = 0
    start = time.perf_counter()
    with (
        psycopg.connect(database_url()) as conn,
        conn.cursor() as cur,
        cur.copy(inlined) as copy,
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
    parser.add_argument(
        "--cache",
        choices=("redis", "local"),
        default="redis",
        help="redis: the cache and the task queue in a Redis of the benchmark's own, the "
        "worker a process of its own, as in production (default); local: this process's "
        "memory, the worker a thread of it",
    )
    parser.add_argument("--export-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_only:
        return export_only()
    if args.smoke:
        args.violations, args.rounds = 3_000, 3

    redis = None
    if args.cache == "redis":
        redis = Redis()
        redis.start()
    try:
        return measure_all(args, redis)
    finally:
        if redis is not None:
            redis.stop()


def measure_all(args: argparse.Namespace, redis: Redis | None) -> int:
    global DB_NAME
    DB_NAME = os.environ["BENCH_PUBLIC_DB"] = args.database or DB_NAME  # the export child
    url = database_url() if args.reuse else generate.recreate_database(DB_NAME)
    # Set in this process's environment, so the export child and the worker share them.
    setup_django(
        url,
        **(
            {
                "REDIS_URL": redis.url(0),
                "TASKS_REDIS_URL": redis.url(1),
                "MARSAD_TASKS": "rq",
                # On only where measured right after a change (measure.after_change): a cold
                # reader handed the previous figure would have computed nothing.
                "OBSERVATORY_WARM": "false",
            }
            if redis is not None
            else {}
        ),
    )
    from django.db import connection
    from django.test import Client
    from django.utils import translation

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
        # A common word with another filter (from the seventh session on).
        "/ar/violations/?q=" + "جنين&platform=facebook",
        "/ar/violations/?q=" + "الاعلام&region=gaza-strip&sort=oldest&page=5",
        "/ar/violations/?platform=instagram&region=gaza-strip&from=2023-01-01&to=2023-12-31",
        "/ar/violations/?violation_type=hacking&sort=oldest&page=40",
    ]
    figures: dict = {}
    figures["search"] = measure.cold_warm("search page", client, search, args.rounds, 100)
    stats_urls = [
        "/ar/statistics/",
        "/ar/statistics/?from=2023-01-01&to=2023-12-31",
        "/ar/statistics/?platform=facebook",
        "/ar/statistics/?region=gaza-strip&victim_type=journalist",
    ]
    figures["statistics"] = measure.cold_warm(
        "statistics page", client, stats_urls, args.rounds, 150
    )
    figures["search_after_change"] = measure.after_change(
        "search page", client, search, args.rounds
    )
    figures["statistics_after_change"] = measure.after_change(
        "statistics page", client, stats_urls, args.rounds
    )
    chart = [
        "/ar/statistics/charts/platform.svg?from=2023-01-01",
        "/he/statistics/charts/months.svg",
    ]
    figures["chart"] = measure.cold_warm(
        "one chart (SVG)", client, chart, max(1, args.rounds // 2), 150
    )

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
        f"{export['peak_kb'] / 1024:.0f} MB (budget <= 200; getrusage, which counts the "
        f"parent's peak before exec: {export['ru_maxrss_kb'] / 1024:.0f} MB)"
    )
    with translation.override("ar"):
        copy_bytes, copy_seconds = copy_baseline(full=True)
        inner_bytes, inner_seconds = copy_baseline(full=False)
    copy_rate = export["rows"] / copy_seconds
    inner_rate = export["rows"] / inner_seconds
    print(
        f"PostgreSQL COPY of the export's statement: {copy_bytes / 1e6:.0f} MB in "
        f"{copy_seconds:.1f} s = {copy_rate:,.0f} rows/s; the export runs at "
        f"{rate / copy_rate:.0%} of it"
    )
    print(
        f"PostgreSQL COPY of the inner query alone (raw columns): {inner_bytes / 1e6:.0f} MB "
        f"in {inner_seconds:.1f} s = {inner_rate:,.0f} rows/s"
    )
    figures["export"] = {
        "rows": export["rows"],
        "rows_per_s": rate,
        "peak_mb": export["peak_kb"] / 1024,
        "copy_rows_per_s": copy_rate,
        "ratio_to_copy": rate / copy_rate,
        "inner_copy_rows_per_s": inner_rate,
        "load": measure.load_average(),
    }
    figures["cache"] = args.cache
    print("figures: " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
