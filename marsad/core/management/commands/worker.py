"""``marsad worker``: runs queued background tasks until stopped.

Two kinds of recovery run around it, so that restarting the worker is all an operator has to
do after a crash:

- when it starts, each app whose AppConfig has a ``worker_starting()`` method recovers work a
  stopped worker left behind (the newsletter resumes interrupted mailings);
- when it starts, and then every ``--sweep-interval`` seconds in a thread, the functions in
  ``settings.WORKER_SWEEPS`` queue again work whose lease ran out (a URL capture whose worker
  was killed); they are safe to run while other workers are busy.

Which worker runs depends on ``MARSAD_TASKS``: ``database`` runs django-tasks-db's
``db_worker``; ``rq`` runs django-rq's ``rqworker`` with django-tasks-rq's job class and RQ's
scheduler (for tasks queued to run later). Several ``marsad worker`` processes, on one machine
or many, may run at once with either backend.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def run_sweeps() -> int:
    queued = 0
    for path in settings.WORKER_SWEEPS:
        try:
            queued += int(import_string(path)() or 0)
        except Exception:
            logger.exception("worker sweep %s failed", path)
    close_old_connections()
    return queued


class Command(BaseCommand):
    help = "Run background tasks (the worker of the MARSAD_TASKS backend) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=60.0,
            help="Seconds between sweeps for stalled work (0 turns the periodic sweep off).",
        )
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Run the tasks queued now, then stop (instead of waiting for more).",
        )

    def handle(
        self, *args: Any, interval: float, sweep_interval: float, burst: bool, **options: Any
    ) -> None:
        for config in apps.get_app_configs():
            starting = getattr(config, "worker_starting", None)
            if callable(starting):
                starting()
        queued = run_sweeps()
        if queued:
            self.stdout.write(f"{queued} stalled task(s) queued again")
        stop = threading.Event()
        if sweep_interval > 0:

            def loop() -> None:
                while not stop.wait(sweep_interval):
                    run_sweeps()

            threading.Thread(target=loop, name="marsad-sweeps", daemon=True).start()
        verbosity = options.get("verbosity", 1)
        try:
            if settings.MARSAD_TASKS == "rq":
                queues = list(settings.TASKS["default"].get("QUEUES", ["default"]))
                call_command(
                    "rqworker",
                    *queues,
                    job_class="django_tasks_rq.Job",
                    with_scheduler=True,
                    burst=burst,
                    verbosity=verbosity,
                )
            else:
                call_command(
                    "db_worker",
                    interval=interval,
                    reload=False,
                    batch=burst,
                    startup_delay=not burst,
                    verbosity=verbosity,
                )
        finally:
            stop.set()
