"""``marsad worker``: runs queued background tasks until stopped.

Before it starts, each app whose AppConfig has a ``worker_starting()`` method is given the
chance to recover work a stopped worker left behind (the newsletter resumes interrupted
mailings), so that restarting the worker is all an operator has to do.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run background tasks (django-tasks-db worker) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )

    def handle(self, *args: Any, interval: float, **options: Any) -> None:
        for config in apps.get_app_configs():
            starting = getattr(config, "worker_starting", None)
            if callable(starting):
                starting()
        call_command(
            "db_worker", interval=interval, reload=False, verbosity=options.get("verbosity", 1)
        )
