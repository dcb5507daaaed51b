"""Error pages rendered with the request, so they come in the visitor's language and
direction (Django's defaults for 400, 500 and CSRF failures render without it), and the
quick exit of every public page."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from marsad.core.http import cross_site

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


@require_safe
def quick_exit(request: HttpRequest) -> HttpResponse:
    """The quick exit (docs/security.md, "Quick exit"): forget what this device holds of
    Marsad and go to ``MARSAD_QUICK_EXIT_URL``.

    A reporter's session (the receipt code they entered) ends, and the browser is asked to
    drop Marsad's cookies and storage (``Clear-Site-Data``; the CSRF and language cookies are
    also expired by name, for browsers without it). A signed-in staff member's session is not
    ended on the server: this is a GET any site can send, and Django's sign-out is a POST for
    that reason; their browser still drops the cookie. A request another site sent (by its
    Fetch Metadata or Origin) is only redirected, so no site can make a visitor forget.
    """
    response = HttpResponseRedirect(settings.MARSAD_QUICK_EXIT_URL)
    add_never_cache_headers(response)
    if cross_site(request):
        return response
    if not request.user.is_authenticated:
        request.session.flush()
    response["Clear-Site-Data"] = '"cookies", "storage"'
    for prefix in ("CSRF", "LANGUAGE"):
        name = getattr(settings, f"{prefix}_COOKIE_NAME")
        if name in request.COOKIES:
            response.delete_cookie(
                name,
                path=getattr(settings, f"{prefix}_COOKIE_PATH"),
                domain=getattr(settings, f"{prefix}_COOKIE_DOMAIN"),
                samesite=getattr(settings, f"{prefix}_COOKIE_SAMESITE"),
            )
    return response
