"""Serving Marsad as a Tor onion service too (docs/deployment.md, "Onion service").

With ``MARSAD_ONION_URL`` set:

- responses to the public pages (under a language prefix) on the usual address carry
  ``Onion-Location: <onion address><the same path>``, which Tor Browser offers to follow;
- requests that arrive on a plain-HTTP onion address count as secure (``is_secure()``): Tor
  encrypts and authenticates the connection end to end, as browsers that know onion services
  treat it. So Django's SecurityMiddleware does not send them to ``https://`` (there is no
  certificate for the address, the redirect would break it) and CSRF checks run as on HTTPS.
  ``request.scheme`` stays ``http``, so the links Marsad writes out stay right. The answer
  gets no HSTS (meaningless without TLS), and its cookies lose the ``Secure`` flag, which
  browsers other than Tor Browser (Brave's Tor windows, Onion Browser) refuse over
  ``http://…onion``: the cookies are the onion host's own, never sent to another host, and
  travel encrypted by Tor.

An onion address with ``https://`` (a certificate for the onion) needs none of this.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from marsad.core.i18n import is_public_path


@lru_cache(maxsize=4)
def _onion(url: str) -> tuple[str, str]:
    """``(scheme, host)`` of MARSAD_ONION_URL (validated by config/env.py)."""
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or ""


def _secure() -> bool:
    return True


class OnionServiceMiddleware:
    """Just before SecurityMiddleware in MIDDLEWARE: its redirect and HSTS look at
    ``request.is_secure()``, and its answer's headers pass back through here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        onion = settings.MARSAD_ONION_URL
        if not onion:
            return self.get_response(request)
        scheme, host = _onion(onion)
        requested, _port = split_domain_port(request.META.get("HTTP_HOST", ""))
        if requested != host:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and is_public_path(request.path_info):
                response.headers["Onion-Location"] = onion + request.get_full_path()
            return response
        if scheme == "https":
            return self.get_response(request)
        request.is_secure = _secure  # type: ignore[method-assign]
        response = self.get_response(request)
        response.headers.pop("Strict-Transport-Security", None)
        for cookie in response.cookies.values():
            cookie["secure"] = ""
        return response
