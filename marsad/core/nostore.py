"""``Cache-Control: no-store`` on every answer that may hold a reporter's words, a contact
detail, a receipt code or staff work, so that no browser cache, back button or shared proxy
keeps a copy of it (DESIGN.md, "Safety of the people who report").

One rule for the whole site, decided by where a request goes rather than by each view, so a
new staff page cannot forget it:

- everything under ``/staff/`` (the staff area and its sign-in) and ``/admin/``;
- the JSON API except its public read endpoints (those other sites may read, the same as
  ``CORS_URLS_REGEX``): the partner intake and the staff API answer with reports and cases;
- the public pages of the namespaces in ``PRIVATE_NAMESPACES``: the report form (sent back
  with what was typed after an error, or refused by the CSRF check), the receipt, the
  follow-up pages, and the mailing-list pages that show an address;
- the answer to any request that is not a read (a form or API submission echoes what it
  was sent).

The public observatory's pages and files keep their own caching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PRIVATE_PREFIXES = ("/staff/", "/admin/")
PRIVATE_NAMESPACES = frozenset({"intake", "newsletter"})
READS = frozenset({"GET", "HEAD", "OPTIONS"})


def _stores_nothing(response: HttpResponse) -> bool:
    """Whether the view already said ``no-store`` (its own header is then left as it is)."""
    return any(
        part.strip().lower() == "no-store" for part in response.get("Cache-Control", "").split(",")
    )


def is_private(request: HttpRequest, namespaces: Iterable[str]) -> bool:
    """Whether the answer to ``request`` may hold what only its own visitor may see (the rule
    of this module's docstring); ``namespaces`` are those of the URL it resolves to. Also the
    URLs other sites may not load (``core.middleware.ResourceIsolationMiddleware``)."""
    if request.method not in READS:
        return True
    path = request.path_info
    if path.startswith(PRIVATE_PREFIXES):
        return True
    if path.startswith("/api/"):
        return re.match(settings.CORS_URLS_REGEX, path) is None
    return not PRIVATE_NAMESPACES.isdisjoint(namespaces)


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.private(request) and not _stores_nothing(response):
            add_never_cache_headers(response)
        return response

    def private(self, request: HttpRequest) -> bool:
        # Set once the URL resolved (also when the CSRF check refused the request).
        match = getattr(request, "resolver_match", None)
        return is_private(request, match.namespaces if match is not None else ())
