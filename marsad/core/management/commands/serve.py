"""``marsad serve``: the web application under gunicorn (a production WSGI server).

gunicorn runs ``--workers`` processes with ``--threads`` threads each (the ``gthread`` worker),
so one slow request does not hold up the others. Every worker writes its Prometheus samples to
one shared folder (prometheus_client's multiprocess mode, marsad/ops/metrics.py), emptied here
before gunicorn starts. Requests are logged by Marsad itself (marsad/ops/requestlog.py), not by
gunicorn's access log, which would write client addresses in clear.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _env(name: str, default: int) -> str:
    """The variable as the option's default (argparse converts it, and refuses a bad one)."""
    return os.environ.get(name, "").strip() or str(default)


def metrics_folder() -> Path:
    """Where the workers keep their metrics: PROMETHEUS_MULTIPROC_DIR, else under the data dir."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    return Path(given) if given else Path(settings.DATA_DIR) / "metrics"


def reset_metrics_folder(folder: Path) -> None:
    """Samples of an earlier run would be added to this one's: start from an empty folder."""
    if folder.exists():
        for entry in folder.iterdir():
            if entry.is_file() and entry.suffix == ".db":
                entry.unlink()
            elif entry.is_dir():
                shutil.rmtree(entry)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)


class Command(BaseCommand):
    help = "Serve Marsad over HTTP with gunicorn."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=_env("PORT", 8000))
        parser.add_argument(
            "--host",
            default=os.environ.get("MARSAD_BIND_HOST", "127.0.0.1"),
            help="Address to listen on (default 127.0.0.1).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=_env("WEB_CONCURRENCY", 2),
            help="Worker processes (WEB_CONCURRENCY, default 2).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=_env("WEB_THREADS", 4),
            help="Threads per worker process (WEB_THREADS, default 4).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=_env("WEB_TIMEOUT", 60),
            help="Seconds a silent worker is given before it is restarted (WEB_TIMEOUT, 60).",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            # A worker's memory stops growing after about 2,000 reports and stays flat to
            # 11,000 (docs/performance.md); each replacement costs a second of CPU loading
            # Django, which at 2,000 was about 6 % of a worker's time under the intake bench.
            default=_env("WEB_MAX_REQUESTS", 10000),
            help="Requests after which a worker is replaced by a fresh one "
            "(WEB_MAX_REQUESTS, default 10000; 0 never).",
        )

    def handle(
        self,
        *args: Any,
        port: int,
        host: str,
        workers: int,
        threads: int,
        timeout: int,
        max_requests: int,
        **options: Any,
    ) -> None:
        if not 1 <= port <= 65535:
            raise CommandError(f"--port: expected 1 to 65535, got {port}")
        if workers < 1 or threads < 1 or timeout < 1 or max_requests < 0:
            raise CommandError(
                "--workers, --threads and --timeout must be at least 1, --max-requests at least 0"
            )
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        folder = metrics_folder()
        reset_metrics_folder(folder)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            "python:marsad.ops.gunicorn_conf",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max_requests // 10),
            "--graceful-timeout",
            "10",
            "--no-control-socket",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        sys.stdout.flush()
        # Replace this process, so signals (Ctrl-C, SIGTERM) reach gunicorn directly. The
        # argument list is fixed (no shell, nothing from outside).
        os.execv(sys.executable, argv)  # noqa: S606  # nosec B606
