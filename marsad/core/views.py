"""Error pages rendered with the request, so they come in the visitor's language and
direction (Django's defaults for 400, 500 and CSRF failures render without it)."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)
# The database went away (restarting, failing over, out of connections): the client is told to
# try again shortly, with a 503 and Retry-After, rather than a 500.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500, called while the exception is being handled."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE) or (
        isinstance(error, DatabaseError) and isinstance(error.__cause__, UNAVAILABLE)
    ):
        logger.warning("database unavailable: answered 503 (%s)", type(error).__name__)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(request, "500.html", status=500)
