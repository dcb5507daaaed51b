"""Log records without personal data, with the id of the request they belong to.

Loaded by ``settings.LOGGING`` (so it imports nothing from Django beyond what logging needs):

- ``RequestIdFilter`` adds ``request_id`` to every record (``-`` outside a request);
- ``RedactRequestFilter`` replaces the path in Django's own request records ("Not Found:
  /en/newsletter/confirm/<token>/") by the URL pattern, and drops the request object, whose
  text holds the path and query string, so that no token, receipt code or search word reaches
  the logs.

``MARSAD_LOG_FORMAT=json`` writes one JSON object a line (python-json-logger) with ``time``,
``level``, ``logger``, ``message``, ``request_id`` and the fields a record adds (the access
line's ``method``, ``route``, ``status``, ``duration_ms``).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str] = ContextVar("marsad_request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def route_of(request: Any) -> str:
    """The URL pattern that answered (a bounded set of values), never the path itself."""
    from django.conf import settings

    match = getattr(request, "resolver_match", None)
    if match is None:
        path = str(getattr(request, "path", ""))
        return "static" if path.startswith(settings.STATIC_URL) else "unmatched"
    return str(match.route) or "/"


class RedactRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.pop("request", None)
        if request is not None and isinstance(record.args, tuple):
            path = getattr(request, "path", None)
            route = route_of(request)
            record.args = tuple(route if arg == path else arg for arg in record.args)
        return True


def logging_config(*, json_lines: bool, level: str) -> dict[str, Any]:
    """The LOGGING setting (marsad/ops/gunicorn_conf.py adds gunicorn's own logger)."""
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        }
        if json_lines
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "marsad.ops.logs.RequestIdFilter"},
            "redact_request": {"()": "marsad.ops.logs.RedactRequestFilter"},
        },
        "formatters": {"marsad": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "marsad",
                "filters": ["request_id", "redact_request"],
            },
            # Access lines on standard output (where gunicorn's access log went), everything
            # else on standard error.
            "access": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "marsad",
                "filters": ["request_id", "redact_request"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "marsad.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            # axes logs every sign-in at INFO; its failures and lockouts are WARNING.
            "axes": {"level": "WARNING"},
            # WeasyPrint (PDF summaries) logs each step of every document at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
