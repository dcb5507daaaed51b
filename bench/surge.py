#!/usr/bin/env python
"""A crisis surge on the report form, with faults: nothing lost, nothing doubled, no 5xx.

Starts a PostgreSQL instance of its own (initdb into a temporary folder, on port 5499 by
default: the shared server on 5432 is never touched) and a Redis server of its own (a free
port, nothing kept on disk), then the production configuration on loopback: ``marsad serve``
(gunicorn, several workers) with MARSAD_ENV=production and DEBUG off, the cache and rate
limits in Redis, and ``marsad worker`` on the database task queue (``--tasks rq``: RQ in
the benchmark's Redis). Reporters (threads in a few client processes) each open the form
once and send reports one after another with a short pause; one report in four carries a
file, so its evidence ingest is queued as a task.

Faults (unless --no-faults): a third of the way in, PostgreSQL is restarted (pg_ctl restart
-m fast); half way, the task worker is killed with SIGKILL and started again two seconds
later. A reporter whose report got an error or no answer sends the same submission again (as
a browser's resend does), until it gets its receipt; the intake's idempotent receipts must
keep that from saving it twice.

Afterwards, once the task queue is drained, every acknowledged receipt code is looked up the
way the follow-up page does (the keyed hash) and its report must be there with its files,
each matching its arrival hash, and each file taken into the evidence store; no report may
be stored twice, no upload may be left without its row, no task may be left running. Prints
the answers by status, the errors during the PostgreSQL restart (which must be 503 answers,
not hangs or 500s), latency percentiles and throughput.

    .venv/bin/python bench/surge.py                          # 500 reporters, 60 s
    .venv/bin/python bench/surge.py --tasks rq               # the queue in Redis (RQ)
    .venv/bin/python bench/surge.py --smoke                  # ~10 s of load, for CI

Exit status 1 when anything was lost, doubled, half-written, answered 5xx other than 503
during the restart, or hung.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    MARSAD,
    RECEIPT_RE,
    ROOT,
    STALE,
    FormSession,
    Redis,
    percentile,
    production_env,
    serve,
)

PG_BIN = Path(os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
# A real PNG (1x1), so the ingest task has work to do.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d7"
    "63f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)

CHECK = """
import django, hashlib, json, sys
django.setup()
from django.core.files.storage import default_storage
from django.conf import settings
from django.db.models import Count
from marsad.evidence.models import EvidenceItem
from marsad.intake.models import Report, ReportFile
from marsad.intake.selectors import report_by_receipt
def tasks_by_status():
    if settings.MARSAD_TASKS == "rq":
        import django_rq
        queue = django_rq.get_queue("default")
        r = queue.connection
        failed = queue.failed_job_registry
        for job_id in failed.get_job_ids(cleanup=False):
            job = queue.fetch_job(job_id)
            reason = (job.exc_info or "").strip().splitlines()[-1:] if job else ["(gone)"]
            print("failed task", job_id, job.func_name if job else "", reason, file=sys.stderr)
        return {
            "READY": queue.count,
            "RUNNING": r.zcard(queue.started_job_registry.key),
            "SUCCESSFUL": r.zcard(queue.finished_job_registry.key),
            "FAILED": r.zcard(failed.key),
        }
    from django_tasks_db.models import DBTaskResult
    return dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")))
def ingest_tasks_of(report_id):
    if settings.MARSAD_TASKS == "rq":
        import django_rq
        from rq.job import Job
        r = django_rq.get_queue("default").connection
        found = []
        for key in r.scan_iter("rq:job:*"):
            if key.count(b":") != 2:
                continue
            try:
                job = Job.fetch(key.decode().split(":")[-1], connection=r)
            except Exception as exc:
                continue
            if job.func_name.endswith("ingest_report") and list(job.args) == [report_id]:
                found.append((job.id, job.get_status(), str(job.enqueued_at),
                              str(job.started_at), str(job.ended_at),
                              (job.exc_info or "").strip().splitlines()[-1:]))
        return found
    from django_tasks_db.models import DBTaskResult
    return [
        (str(t.pk), t.status, str(t.enqueued_at), str(t.started_at), str(t.finished_at))
        for t in DBTaskResult.objects.filter(args_kwargs__args=[report_id])
    ]
acked = json.load(open(sys.argv[1]))
run = sys.argv[2]
missing = wrong_files = not_ingested = 0
for code, files in acked:
    report = report_by_receipt(code)
    if report is None or run not in report.description:
        missing += 1
        continue
    rows = list(ReportFile.objects.filter(report=report))
    if len(rows) != files:
        wrong_files += 1
    for row in rows:
        item = EvidenceItem.objects.filter(report_file=row).first()
        if not row.file.name:
            # The upload was released once the evidence store held it (finding 5 of issue
            # 23): the stored original, with the arrival hash, is the file now.
            if item is None or item.sha256 != row.sha256 or not item.original.storage.exists(
                item.original.name
            ):
                wrong_files += 1
            continue
        try:
            with default_storage.open(row.file.name) as handle:
                if hashlib.sha256(handle.read()).hexdigest() != row.sha256:
                    wrong_files += 1
        except FileNotFoundError:
            wrong_files += 1  # a row without its file: half-written
        if item is None:
            not_ingested += 1
            print(f"not ingested: report {report.pk}, file {row.pk}, received "
                  f"{row.received_at.isoformat()}, attempts {row.ingest_attempts}; "
                  f"its tasks: {ingest_tasks_of(report.pk)}", file=sys.stderr)
ours = Report.objects.filter(description__contains=run)
doubled = ours.values("description").annotate(n=Count("id")).filter(n__gt=1).count()
named = set(ReportFile.objects.values_list("file", flat=True))
root = default_storage.location
orphans = 0
import os
for dirpath, _dirs, names in os.walk(os.path.join(root, "intake")):
    for name in names:
        rel = os.path.relpath(os.path.join(dirpath, name), root)
        if rel not in named:
            orphans += 1
print(json.dumps({
    "stored": ours.count(), "missing": missing, "wrong_files": wrong_files,
    "not_ingested": not_ingested, "doubled": doubled, "orphan_uploads": orphans,
    "tasks": tasks_by_status(),
}))
"""


class Postgres:
    """A PostgreSQL cluster of the benchmark's own, in a temporary folder."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="marsad-surge-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.as_postgres = os.geteuid() == 0  # initdb refuses to run as root
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        argv = list(args)
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self._pg_ctl("start")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=100"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            *extra,
            action,
        )

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


# What is still to be done after the load: tasks waiting or running, files not yet in the
# evidence store (an ingest lost with a killed worker is queued again by the worker's sweep),
# and uploads kept after a failed commit that the worker has not settled yet.
NOT_INGESTED = (
    "from marsad.intake.models import ReportFile as F; "
    "from django.core.files.storage import default_storage as S; "
    "n = F.objects.filter(evidence__isnull=True).count(); "
    # uploads kept after a save failed at its commit, settled by the worker 2 minutes later
    "n += len(S.listdir('intake-unsettled')[1]) if S.exists('intake-unsettled') else 0; "
)
PENDING = {
    "database": NOT_INGESTED + "from django_tasks_db.models import DBTaskResult as T; "
    "print(n + T.objects.filter(status__in=['READY','RUNNING']).count())",
    # The started registry is read raw: its count() would clean it up (fail abandoned jobs).
    "rq": NOT_INGESTED + "import django_rq; q = django_rq.get_queue('default'); "
    "print(n + q.count + q.connection.zcard(q.started_job_registry.key))",
}
DRAIN_SECONDS = 300


def reporter(
    port: int, run: str, proc: int, index: int, deadline: float, grace: float, out: list
) -> None:
    """One reporter: sends reports until the deadline; on an error, the same one again."""
    rng = random.Random(f"{run}-{proc}-{index}")
    session = None
    while session is None and time.monotonic() < grace:
        try:
            session = FormSession(port, timeout=30)
        except Exception:
            time.sleep(2 + rng.random() * 2)
    if session is None:
        out.append({"form": "failed"})
        return
    n = 0
    errors: list[tuple[float, str]] = []
    out.append({"errors": errors})
    while time.monotonic() < deadline:
        n += 1
        files = [(f"shot-{n}.png", PNG)] if rng.random() < 0.25 else []
        key = f"{proc}-{index}-{n}"
        body, headers = session.encode(
            session.fields(
                secrets.token_urlsafe(32),
                f"https://www.facebook.com/post/{key}",
                f"surge {run} {key}: حذف فيسبوك منشوري عن غزة.",
            ),
            files,
        )
        attempts = []
        while True:
            sent = time.time()
            start = time.perf_counter()
            status, page = session.post(body, headers)
            attempts.append((status, sent, time.perf_counter() - start))
            if status <= 0:
                errors.append((sent, page))
            if status == 200:
                found = RECEIPT_RE.search(page)
                out.append(
                    {
                        "code": found.group(1).replace(" ", "") if found else None,
                        "files": len(files),
                        "attempts": attempts,
                        "repeated": "already sent this report" in page,
                    }
                )
                break
            if time.monotonic() > grace or (400 <= status < 500 and status != 429):
                out.append({"code": None, "files": len(files), "attempts": attempts})
                break
            if status == STALE:
                continue  # the browser sends it again at once, on a new connection
            time.sleep(0.5 + rng.random())  # the reporter presses send again
        time.sleep(rng.uniform(0.5, 1.5))  # reads the receipt, starts the next report


def client_process(
    port: int, run: str, proc: int, reporters: int, deadline: float, grace: float, q: mp.Queue
) -> None:
    out: list = []
    threads = [
        threading.Thread(
            target=reporter, args=(port, run, proc, i, deadline, grace, out), daemon=True
        )
        for i in range(reporters)
    ]
    # Reporters arrive over the first five seconds (not all in the same millisecond).
    for t in threads:
        t.start()
        time.sleep(5.0 / max(1, reporters))
    for t in threads:
        t.join(timeout=max(1.0, grace - time.monotonic() + 60))
    q.put(out)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*MARSAD, "worker", "--interval", "0.2", "--sweep-interval", "2"],
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--reporters", type=int, default=500)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--tasks",
        choices=("rq", "database"),
        default="rq",
        help="the task queue: RQ in the benchmark's Redis (default, as with several workers) "
        "or the database (django-tasks-db, as on one machine)",
    )
    parser.add_argument("--smoke", action="store_true", help="10 s, 40 reporters (for CI)")
    args = parser.parse_args()
    if args.smoke:
        args.duration, args.reporters, args.processes, args.workers = 10.0, 40, 2, 2

    pg = Postgres(args.pg_port)
    redis = Redis()
    data_dir = tempfile.mkdtemp(prefix="marsad-surge-")
    server = worker = None
    requeued = task_retries = 0
    worker_notes: list[str] = []
    worker_log = Path(data_dir) / "worker.log"
    try:
        pg.start()
        redis.start()
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(args.pg_port),
                "-U",
                "postgres",
                "marsad_surge",
            ],
            check=True,
        )
        env = production_env(pg.url("marsad_surge"), data_dir, redis, args.tasks)
        setup = time.monotonic()
        server, port, server_log = serve(env, data_dir, args.workers, static=True, own_session=True)
        worker = start_worker(env, worker_log)
        ready = time.monotonic() + 300
        while True:
            try:
                FormSession(port, timeout=5)
                break
            except Exception:
                if time.monotonic() > ready:
                    raise SystemExit(
                        f"the server did not start:\n{server_log.read_text()[-3000:]}"
                    ) from None
                time.sleep(0.3)
        print(f"set-up (initdb, migrate, collectstatic, start) {time.monotonic() - setup:.0f} s")

        run = secrets.token_hex(4)
        q: mp.Queue = mp.Queue()
        started = time.monotonic()
        wall_start = time.time()
        deadline = started + args.duration
        grace = deadline + 30
        per = [args.reporters // args.processes] * args.processes
        per[0] += args.reporters - sum(per)
        procs = [
            mp.Process(target=client_process, args=(port, run, i, n, deadline, grace, q))
            for i, n in enumerate(per)
        ]
        for p in procs:
            p.start()
        faults: dict[str, tuple[float, float]] = {}
        if not args.no_faults:
            time.sleep(max(0.0, started + args.duration * 0.3 - time.monotonic()))
            a = time.time()
            pg.restart()
            faults["postgresql restart"] = (a, time.time())
            time.sleep(max(0.0, started + args.duration * 0.55 - time.monotonic()))
            a = time.time()
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
            time.sleep(2)
            worker = start_worker(env, worker_log)
            faults["worker killed (SIGKILL), restarted 2 s later"] = (a, time.time())
        results = []
        for _ in procs:
            results.extend(q.get(timeout=args.duration + 240))
        for p in procs:
            p.join(timeout=30)
        elapsed = time.monotonic() - started

        # Let the queue drain: the ingest tasks of the reports with files, including any a
        # killed worker left running (taken up again after TASKS_RUNNING_LEASE_SECONDS, or on
        # RQ once its heartbeat has run out, 90 s after the kill), and any ingest lost with
        # it (queued again by the sweep once the file is INGEST_GRACE old: 2 to 3 minutes).
        drained_in = None
        drain_start = time.monotonic()
        while time.monotonic() - drain_start < DRAIN_SECONDS:
            pending = subprocess.run(
                [
                    *MARSAD,
                    "shell",
                    "-c",
                    PENDING[args.tasks],
                ],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if pending.returncode == 0 and pending.stdout.strip().splitlines()[-1] == "0":
                drained_in = time.monotonic() - drain_start
                break
            time.sleep(1)

        acked = [r for r in results if r.get("code")]
        ack_file = Path(data_dir) / "acked.json"
        ack_file.write_text(json.dumps([[r["code"], r["files"]] for r in acked]))
        check = subprocess.run(
            [sys.executable, "-c", CHECK, str(ack_file), run],
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            print(check.stderr[-3000:])
            return 1
        found = json.loads(check.stdout.strip().splitlines()[-1])
        if check.stderr.strip():
            print(check.stderr.strip()[-3000:])
    finally:
        for proc in (server, worker):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        pg.stop()
        redis.stop()
        if worker_log.exists():
            text = worker_log.read_text(errors="replace")
            requeued = text.count("left running by a stopped worker")
            task_retries = text.count("database unavailable")
            worker_notes = [
                line[:300]
                for line in text.splitlines()
                if any(word in line for word in ("WARNING", "ERROR", "Traceback", "Error"))
            ]
        shutil.rmtree(data_dir, ignore_errors=True)

    attempts = [a for r in results for a in r.get("attempts", [])]
    statuses: dict[int, int] = {}
    for status, _sent, _took in attempts:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = [took for status, _sent, took in attempts if status == 200]
    pg_window = faults.get("postgresql restart")
    during: dict[int, int] = {}
    outside_5xx = 0
    outside: list[str] = []
    stale = 0
    for status, sent, took in attempts:
        if status == 200:
            continue
        in_window = pg_window and pg_window[0] - 1 <= sent + took and sent <= pg_window[1] + 5
        if in_window:
            during[status] = during.get(status, 0) + 1
        elif status == STALE:
            stale += 1
        elif status >= 500 or status <= 0:
            outside_5xx += 1
            when = f"{sent - pg_window[0]:+.1f} s from the restart" if pg_window else ""
            outside.append(f"{status} sent {when} after {took:.1f} s")
    connection_errors = Counter(
        error.split(":")[0] for r in results for _sent, error in r.get("errors", [])
    )
    gave_up = [r for r in results if not r.get("code") and "attempts" in r]
    retried = [r for r in acked if len(r["attempts"]) > 1]
    repeated = sum(1 for r in acked if r.get("repeated"))
    print(
        f"surge on the report form: {args.reporters} reporters in {args.processes} processes, "
        f"{args.workers} gunicorn workers, MARSAD_ENV=production, PostgreSQL on port "
        f"{args.pg_port}, Redis cache and rate limits, task queue {args.tasks}, "
        f"{elapsed:.1f} s (load average {os.getloadavg()[0]:.1f})"
    )
    for name, (a, b) in faults.items():
        print(f"  fault: {name} at +{a - wall_start:.0f} s, took {b - a:.1f} s")
    print(f"  requests {len(attempts)}; answers by status: {dict(sorted(statuses.items()))}")
    print(
        f"  reports acknowledged {len(acked)} ({len(acked) / elapsed:.1f}/s), of them "
        f"{len(retried)} after a retry ({repeated} answered 'already sent': saved once); "
        f"gave up {len(gave_up)}"
    )
    if latencies:
        print(
            f"  latency of acknowledged POSTs p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, p99 "
            f"{percentile(latencies, 0.99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )
    if pg_window:
        print(
            f"  errors around the PostgreSQL restart: {dict(sorted(during.items()))} "
            "(503 = clean 'try again'; 0 = connection failed; -1 = no answer in 30 s)"
        )
    print(f"  5xx or failed connections outside the restart: {outside_5xx} {outside[:10]}")
    print(
        f"  kept-alive connections the server reset before any answer, sent again "
        f"at once as a browser does: {stale}"
    )
    if connection_errors:
        print(f"  failed connections by error: {dict(connection_errors)}")
    print(
        f"  after the run: {found['stored']} reports stored for {len(acked)} acknowledged; "
        f"receipts not found {found['missing']}, files missing or wrong "
        f"{found['wrong_files']}, files not in the evidence store {found['not_ingested']}, "
        f"stored twice {found['doubled']}, uploads without a row {found['orphan_uploads']}"
    )
    drained = (
        f"NOT within {DRAIN_SECONDS} s"
        if drained_in is None
        else f"in {drained_in:.0f} s after the load"
    )
    print(
        f"  task queue: {found['tasks']}; drained {drained}; sweeps that took up tasks a killed "
        f"worker left running: {requeued}; tasks run again after the database went away "
        f"under them: {task_retries}"
    )
    bad = (
        found["missing"]
        or found["wrong_files"]
        or found["not_ingested"]
        or found["doubled"]
        or found["orphan_uploads"]
        or found["stored"] < len(acked)
        or drained_in is None
        or outside_5xx
        or any(s == -1 or (s >= 500 and s != 503) for s in during)
        or any(r.get("form") == "failed" for r in results)
        or found["tasks"].get("FAILED", 0)
        or any(
            # an answer 200 without a receipt code on it: a receipt the reporter cannot use
            r.get("code") is None
            and r.get("files") is not None
            and "attempts" in r
            and r["attempts"]
            and r["attempts"][-1][0] == 200
            for r in results
        )
    )
    if bad and worker_notes:
        print("  the task worker's warnings and errors:", *worker_notes[-30:], sep="\n    ")
    print("  result: " + ("FAILED" if bad else "nothing lost, nothing doubled, no 5xx but 503"))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
