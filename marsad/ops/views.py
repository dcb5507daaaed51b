"""Probes for load balancers and orchestrators, and the Prometheus metrics.

``/healthz`` (liveness) answers as long as the process can answer at all, touching nothing
else; ``/readyz`` (readiness) answers 503 while a check fails (marsad/ops/health.py). Neither
names a version, a host or an error. ``/metrics`` is off (404) until a token or allowed
networks are set, and refused (403) to anyone else.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from marsad.ops import metrics as prometheus
from marsad.ops.access import may_read_metrics, metrics_enabled
from marsad.ops.health import readiness


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _no_store(HttpResponse("ok\n", content_type="text/plain; charset=utf-8"))


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks = readiness()
    ready = all(result == "ok" for result in checks.values())
    return _no_store(
        JsonResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status=200 if ready else 503,
        )
    )


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_enabled():
        return _no_store(HttpResponse("Not Found\n", status=404, content_type="text/plain"))
    if not may_read_metrics(request):
        return _no_store(HttpResponse("Forbidden\n", status=403, content_type="text/plain"))
    body, content_type = prometheus.render()
    return _no_store(HttpResponse(body, content_type=content_type))
