"""What the public may open: a published violation, or 404 (never 403, which would say that
an unpublished case exists)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest

from marsad.cases.models import Violation
from marsad.core.ratelimit import client_key, hit
from marsad.observatory.errors import TooManyRequests
from marsad.observatory.selectors import violation_public_get


def public_violation_or_404(pk: int) -> Violation:
    violation = violation_public_get(pk)
    if violation is None:
        raise Http404
    return violation


def limit_api(request: HttpRequest) -> None:
    """Public API reads per client (hashed address) per minute."""
    count = hit("public-api", client_key(request), window_seconds=60)
    if count > settings.OBSERVATORY_API_LIMIT_PER_MINUTE:
        raise TooManyRequests()


def limit_export(request: HttpRequest) -> None:
    """Open-data downloads per client per hour."""
    count = hit("public-export", client_key(request), window_seconds=3600)
    if count > settings.OBSERVATORY_EXPORT_LIMIT_PER_HOUR:
        raise TooManyRequests()
