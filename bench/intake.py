#!/usr/bin/env python
"""Sustained report-form submissions against `marsad serve` on PostgreSQL.

Starts the production server (gunicorn) on loopback over a fresh benchmark database, then
runs client processes that each fetch the form once (CSRF cookie and token) and POST
reports (no files) as fast as the server answers, for a fixed time. Prints throughput,
latency percentiles, and the count of reports stored against the count acknowledged (they
must be equal: nothing lost, nothing doubled). For scale it also measures PostgreSQL's own
rate of single-row INSERT transactions into the same table with the same number of
connections, and prints the ratio.

    .venv/bin/python bench/intake.py --duration 30 --clients 8 --workers 3
    .venv/bin/python bench/intake.py --config minimal   # no Redis, no pool (one machine)
    .venv/bin/python bench/intake.py --database perf_bench --reuse   # into 3,000,000 reports
    .venv/bin/python bench/intake.py --smoke        # a few seconds, for CI

The default configuration is production's (docs/deployment.md, "One server"): MARSAD_ENV
production, the cache and rate limits in a Redis of the benchmark's own, psycopg's connection
pool, the RQ task queue. ``--config minimal`` is the one-machine set-up: Django's file cache
for the rate limits, one persistent connection per thread with its health check.

Budget (DESIGN.md): >= 200 reports/s sustained, p99 <= 300 ms, zero lost.
Only loopback is used; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    MARSAD,
    ROOT,
    FormSession,
    Redis,
    cpu_seconds,
    production_env,
    serve,
    server_env,
    stolen_seconds,
    wait_for_port,
)

ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("BENCH_INTAKE_DB", "marsad_bench")


def recreate_database(name: str) -> str:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return database_url_of(name)


def database_url_of(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


# After a run on a reused data set: the run's reports go (through the ORM, so that every row
# that points at them goes too), and the raw INSERTs of the yardstick.
FORGET_RUN = (
    "import os; from marsad.intake.models import Report; "
    "print(Report.objects.filter(description__startswith=os.environ['BENCH_RUN']).delete()[0])"
)


def client(port: int, run_id: str, index: int, deadline: float, out: mp.Queue) -> None:
    """One reporter's browser: GET the form once, then POST reports until the deadline."""
    session = FormSession(port)
    latencies, statuses, n = [], {}, 0
    while time.monotonic() < deadline:
        n += 1
        body, headers = session.encode(
            session.fields(
                secrets.token_urlsafe(32),
                f"https://www.facebook.com/post/{index}/{n}",
                f"bench {run_id} {index}-{n}: حذف فيسبوك منشوري عن غزة.",
            )
        )
        start = time.perf_counter()
        status, _page = session.post(body, headers)
        latencies.append(time.perf_counter() - start)
        statuses[status] = statuses.get(status, 0) + 1
    out.put({"latencies": latencies, "statuses": statuses})


def raw_insert_rate(database_url: str, connections: int, seconds: float) -> float:
    """PostgreSQL's own ceiling for this workload: single-row INSERT transactions."""
    stop = time.monotonic() + seconds
    counts = [0] * connections

    def worker(i: int) -> None:
        with psycopg.connect(database_url, autocommit=True) as conn:
            while time.monotonic() < stop:
                conn.execute(
                    "INSERT INTO intake_report (submitted_at, channel, language, triage_state,"
                    " trust, original, description, links, account_handle,"
                    " occurred_on_approximate, target, victim_name, perpetrator_details,"
                    " platform_notified, platform_rule, appealed, appeal_result,"
                    " consent_contact, consent_share_with_platform, consent_publish,"
                    " submission_fingerprint) VALUES (now(), 'web_form', 'en', 'new', 'low',"
                    " %s, 'raw insert', '[]', '', false, '', '', '', '', '', '', '',"
                    " false, false, false, '')",
                    [json.dumps({"raw": True})],
                )
                counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--config",
        choices=("production", "minimal"),
        default="production",
        help="production: Redis, connection pool, RQ (default); minimal: none of them",
    )
    parser.add_argument("--database", default=DB_NAME)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="post into the reports already in --database (e.g. the 3,000,000 of generate.py);"
        " the run's own reports are deleted afterwards",
    )
    parser.add_argument("--smoke", action="store_true", help="8 s, 2 clients (for CI)")
    args = parser.parse_args()
    if args.smoke:
        # Long enough that the clients' first GET (the workers load Django lazily) still
        # leaves time to post on a busy machine.
        args.duration, args.clients, args.workers = 8.0, 2, 2

    database_url = (
        database_url_of(args.database) if args.reuse else recreate_database(args.database)
    )
    with psycopg.connect(database_url) as conn:
        already = (
            conn.execute("SELECT count(*) FROM intake_report").fetchone()[0] if args.reuse else 0
        )
    data_dir = tempfile.mkdtemp(prefix="marsad-bench-")
    redis = Redis() if args.config == "production" else None
    if redis is not None:
        redis.start()
        env = production_env(database_url, data_dir, redis, "rq", pool=True)
    else:
        env = server_env(database_url, data_dir)
    server = None
    try:
        server, port, server_log = serve(env, data_dir, args.workers, static=redis is not None)
        wait_for_port(port)
        # Every worker loads Django on its first request: wait for the form to answer (one
        # request per worker) before the clock starts, so the run measures posting, not
        # start-up (on a busy machine start-up alone outlasted the smoke's duration).
        for _ in range(args.workers):
            warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            warm.request("GET", "/en/report/")
            warm.getresponse().read()
            warm.close()
        run_id = secrets.token_hex(4)
        out: mp.Queue = mp.Queue()
        deadline = time.monotonic() + args.duration
        procs = [
            mp.Process(target=client, args=(port, run_id, i, deadline, out))
            for i in range(args.clients)
        ]
        started = time.monotonic()
        cpu_before, stolen_before = cpu_seconds(server.pid), stolen_seconds()
        for p in procs:
            p.start()
        results = [out.get(timeout=args.duration + 120) for _ in procs]
        for p in procs:
            p.join(timeout=30)
        elapsed = time.monotonic() - started
        server_cpu = cpu_seconds(server.pid) - cpu_before
        stolen = stolen_seconds() - stolen_before
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)
            if server.returncode not in (0, -signal.SIGTERM):
                print(server_log.read_text(errors="replace")[-4000:], file=sys.stderr)
        if redis is not None:
            redis.stop()

    latencies = [x for r in results for x in r["latencies"]]
    statuses: dict[int, int] = {}
    for r in results:
        for status, count in r["statuses"].items():
            statuses[int(status)] = statuses.get(int(status), 0) + count
    acknowledged = statuses.get(200, 0)
    with psycopg.connect(database_url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM intake_report WHERE description LIKE %s", [f"bench {run_id} %"]
        ).fetchone()[0]
    raw_rate = raw_insert_rate(database_url, args.clients, min(args.duration, 10.0))
    if args.reuse:
        forget = subprocess.run(
            [*MARSAD, "shell", "-c", FORGET_RUN],
            env={**env, "BENCH_RUN": f"bench {run_id} "},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(
                "DELETE FROM intake_report WHERE description = 'raw insert' AND channel ="
                " 'web_form' AND original = %s::jsonb",
                [json.dumps({"raw": True})],
            )
    throughput = acknowledged / elapsed
    print(
        f"intake form POST on PostgreSQL ({args.config} configuration): {args.clients} "
        f"clients, {args.workers} gunicorn workers, {elapsed:.1f} s"
        + (f", into {already:,} reports already in {args.database}" if args.reuse else "")
    )
    print(
        f"  sent {len(latencies)}, answered 200: {acknowledged}, other statuses: "
        f"{ {k: v for k, v in statuses.items() if k != 200} }"
    )
    print(f"  throughput {throughput:.1f} reports/s (budget >= 200)")
    if not latencies:
        print("  no report was sent in time (the server or the clients started too slowly)")
        return 1
    print(
        f"  latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 "
        f"{percentile(latencies, 0.99) * 1000:.1f} ms (budget <= 300), max "
        f"{max(latencies) * 1000:.1f} ms, mean {statistics.fmean(latencies) * 1000:.1f} ms"
    )
    print(
        f"  server CPU {server_cpu:.1f} s over {elapsed:.1f} s ({server_cpu / elapsed:.0%} of one"
        f" core, {os.cpu_count()} here): {server_cpu / max(acknowledged, 1) * 1000:.2f} ms per"
        f" report; {stolen:.1f} s of CPU taken by the host (steal)"
    )
    print(
        f"  reports stored {stored} / acknowledged {acknowledged}: "
        f"{'equal' if stored == acknowledged else 'MISMATCH'}"
    )
    print(
        f"  PostgreSQL raw single-row INSERT rate with {args.clients} connections: "
        f"{raw_rate:.0f}/s; the form reaches {throughput / raw_rate:.1%} of it"
    )
    if args.reuse:
        deleted = forget.stdout.strip().splitlines()[-1]
        print(f"  the run's reports deleted afterwards: {deleted} rows (with what points at them)")
    lost = stored != acknowledged or any(s <= 0 or s >= 500 for s in statuses)
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
