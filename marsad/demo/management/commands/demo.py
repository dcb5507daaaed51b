"""``marsad demo``: migrate, load demo data into an empty database, create demo sign-ins, then
run the web server and a background worker together until Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.cases.models import Violation
from marsad.demo.accounts import demo_accounts_ensure
from marsad.demo.seeding import seed_demo
from marsad.intake.models import Report


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "Run the demo: database, demo data, demo sign-ins, web server and worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Prepare everything and print the logins, but start nothing.",
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        if not settings.MARSAD_DEMO_ALLOWED:
            raise CommandError("The demo is refused when MARSAD_ENV=production.")
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535.")
        host = "127.0.0.1"
        if not no_serve and not _port_free(host, port):
            raise CommandError(f"Port {port} is in use; choose another with --port.")

        self.stdout.write("Preparing the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        if not Violation.objects.exists() and not Report.objects.exists():
            self.stdout.write("Loading demo data (first run only) ...")
            summary = seed_demo()
            self.stdout.write(
                f"  {summary.violations} violations, {summary.reports} reports loaded."
            )
        logins = demo_accounts_ensure()

        base = f"http://{host}:{port}"
        lines = [
            "",
            "Marsad demo",
            f"  Public site:  {base}/ar/   (English {base}/en/, Hebrew {base}/he/)",
            f"  Staff area:   {base}/staff/",
            f"  Admin:        {base}/admin/  (administrator only)",
            "  Demo sign-ins (password, then a second factor: a code from an authenticator app",
            "  with the secret shown, or one of the one-time recovery codes):",
            *(
                f"    {login.username:<18} {login.password}   ({login.role})\n"
                f"      app secret {login.totp_secret}   recovery codes "
                f"{', '.join(login.recovery_codes[:3])}"
                for login in logins
            ),
            f"  Data folder:  {settings.DATA_DIR}",
            "Press Ctrl-C to stop.",
            "",
        ]
        self.stdout.write("\n".join(lines))
        if no_serve:
            return
        self._run_together(port, base)

    def _run_together(self, port: int, base: str) -> None:
        marsad = [sys.executable, "-m", "marsad.cli"]
        # Links in the demo's emails (printed by the console backend) point at this server.
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.setdefault("MARSAD_SITE_URL", base)
        # Fixed argument lists of this very program, no shell: nothing from outside.
        serve = [*marsad, "serve", "--port", str(port)]
        children = {
            "web server": subprocess.Popen(serve, env=env),  # noqa: S603  # nosec B603
            "worker": subprocess.Popen([*marsad, "worker"], env=env),  # noqa: S603  # nosec B603
        }
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    self.stderr.write(f"The {name} stopped unexpectedly (exit {code}).")
                    stopping, exit_code = True, 1
            time.sleep(0.3)
        self.stdout.write("Stopping the web server and the worker ...")
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self.stdout.write("Stopped.")
        if exit_code:
            raise SystemExit(exit_code)
