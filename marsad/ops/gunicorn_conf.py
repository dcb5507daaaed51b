"""gunicorn settings for ``marsad serve`` (``--config python:marsad.ops.gunicorn_conf``).

Only what the command line cannot say: gunicorn's own messages (start, stop, worker restarts)
in the same format as Marsad's (``MARSAD_LOG_FORMAT``), and the hook that tells
prometheus_client a worker is gone. This module runs in gunicorn's master process, before
Django is set up, so it reads the environment directly.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from marsad.ops.logs import logging_config

logconfig_dict = logging_config(
    json_lines=os.environ.get("MARSAD_LOG_FORMAT", "").strip().lower() == "json",
    level=os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
)
logconfig_dict["loggers"]["gunicorn.error"] = {
    "handlers": ["console"],
    "level": "INFO",
    "propagate": False,
}


class MarsadLogger(Logger):
    """gunicorn's logger without its access log. Marsad writes one line per request itself
    (``marsad.access``: the route instead of the path, no client address); gunicorn's own
    line would carry the address, and with a logging dictionary set it builds that line's
    fields for every request even when nothing prints it (2 % of an intake POST's time)."""

    def _compute_access_log_enabled(self) -> bool:
        return False


logger_class = MarsadLogger


def child_exit(server: Any, worker: Any) -> None:
    """A worker ended: its live gauges stop counting (prometheus_client multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
