"""Probes answered before host checks, sessions and languages.

A load balancer or Prometheus asks by address (``Host: 10.0.0.5:8000``), which ALLOWED_HOSTS
refuses, and over plain HTTP inside the network (SECURE_REDIRECT_EXEMPT lets these through
SecurityMiddleware). Placed after the header middlewares, so the answers carry the same
security headers as every page; X-Frame-Options is added here, since XFrameOptionsMiddleware
comes later.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import resolve

PROBE_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class ProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info not in PROBE_PATHS:
            return self.get_response(request)
        match = resolve(request.path_info)
        request.resolver_match = match
        response: HttpResponse = match.func(request)
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
