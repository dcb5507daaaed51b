"""``marsad serve``: the web application under gunicorn (a production WSGI server)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Marsad over HTTP with gunicorn."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--host",
            default=os.environ.get("MARSAD_BIND_HOST", "127.0.0.1"),
            help="Address to listen on (default 127.0.0.1).",
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args: Any, port: int, host: str, workers: int, **options: Any) -> None:
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(max(1, workers)),
            "--access-logfile",
            "-",
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
