"""Request ids and one access-log line per request, with no personal data.

Each request gets an id (``X-Request-ID`` on the response; taken from the request only when a
trusted reverse proxy set it, ``MARSAD_PROXY_COUNT`` > 0, and it looks like an id). Every log
record written while the request runs carries it as ``request_id`` (``RequestIdFilter``), so
the lines of one request can be found together in the JSON logs.

The access line names the route (``intake/report/<str:code>/``), never the path: paths and
query strings may hold receipt codes or search words. No client address, no user name, no
user agent, no referrer is logged.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from marsad.ops import metrics
from marsad.ops.logs import request_id_var, route_of

access_logger = logging.getLogger("marsad.access")
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _request_id(request: HttpRequest) -> str:
    if settings.MARSAD_PROXY_COUNT:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        if _VALID_ID.fullmatch(given):
            return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE: times every request, static files and probes included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _request_id(request)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            route = route_of(request)
            response.headers["X-Request-ID"] = request_id
            metrics.observe_request(request.method or "-", route, response.status_code, elapsed)
            access_logger.info(
                "%s %s %s %.1fms",
                request.method,
                route,
                response.status_code,
                elapsed * 1000,
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
