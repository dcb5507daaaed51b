"""Saying so when ``MARSAD_PROXY_COUNT`` does not match the reverse proxies in front of Marsad.

Rate limits (reports, receipt codes, subscriptions, the API) and sign-in lockouts key on the
client's address, found by ``core.ratelimit.client_address``: the connecting address, or with
``MARSAD_PROXY_COUNT`` = N the N-th address from the end of ``X-Forwarded-For``. Behind a
proxy with the count left at 0, every client is the proxy: ten wrong receipt codes from anyone
block every reporter. With a count but no proxy, a client chooses its own address by sending
the header. Neither can be seen in the settings alone, so:

- ``marsad check --deploy`` warns (``core.W101``) when production settings declare a proxy
  (``MARSAD_BEHIND_PROXY``, which sets ``SECURE_PROXY_SSL_HEADER``) and the count is 0;
- ``ProxyCountMiddleware`` looks at requests until it has warned once per process: a request
  carrying a forwarding header while the count is 0, or fewer ``X-Forwarded-For`` entries than
  the count (a request that did not come through the proxies). The warning names headers and
  settings, never an address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# Headers a reverse proxy adds (request.META names) and how they are called.
FORWARDING_HEADERS = {
    "HTTP_X_FORWARDED_FOR": "X-Forwarded-For",
    "HTTP_FORWARDED": "Forwarded",
    "HTTP_X_REAL_IP": "X-Real-IP",
}

UNCOUNTED_PROXY = (
    "A request came with %s but MARSAD_PROXY_COUNT is 0: if Marsad is behind a reverse "
    "proxy, every client is seen with the proxy's address, so rate limits, receipt-code "
    "attempts and sign-in lockouts are shared by everyone. Set MARSAD_PROXY_COUNT to the "
    "number of proxies in front of Marsad, each appending to X-Forwarded-For "
    "(docs/deployment.md, 'Reverse proxy'). If there is no proxy, a client sent the header "
    "itself and this can be ignored. (Said once per process.)"
)
BYPASSED_PROXY = (
    "A request came with %d X-Forwarded-For entries but MARSAD_PROXY_COUNT is %d: it did not "
    "come through the proxies, or they do not append to X-Forwarded-For. If Marsad can be "
    "reached without the proxies, a client can choose the address its limits are counted "
    "on: let only the proxy connect (bind to 127.0.0.1 or a private network), or lower "
    "MARSAD_PROXY_COUNT (docs/deployment.md, 'Reverse proxy'). (Said once per process.)"
)


def _entries(value: str) -> int:
    return sum(1 for part in value.split(",") if part.strip())


class ProxyCountMiddleware:
    """Warns once per process when the requests do not match ``MARSAD_PROXY_COUNT``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.warned = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.warned:
            self.look(request)
        return self.get_response(request)

    def look(self, request: HttpRequest) -> None:
        count = settings.MARSAD_PROXY_COUNT
        meta = request.META
        if count == 0:
            sent = [name for key, name in FORWARDING_HEADERS.items() if meta.get(key)]
            if sent:
                self.warned = True
                logger.warning(UNCOUNTED_PROXY, " and ".join(sent))
            return
        entries = _entries(str(meta.get("HTTP_X_FORWARDED_FOR", "")))
        if entries < count:
            self.warned = True
            logger.warning(BYPASSED_PROXY, entries, count)


@checks.register(checks.Tags.security, deploy=True)
def proxy_count_check(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[Any]:
    """A proxy declared (``MARSAD_BEHIND_PROXY``) but not counted (``MARSAD_PROXY_COUNT``)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.MARSAD_PROXY_COUNT == 0:
        return [
            checks.Warning(
                "MARSAD_BEHIND_PROXY is on but MARSAD_PROXY_COUNT is 0: every client is seen "
                "with the proxy's address, so rate limits, receipt-code attempts and sign-in "
                "lockouts are shared by everyone.",
                hint=(
                    "Set MARSAD_PROXY_COUNT to the number of reverse proxies in front of "
                    "Marsad that append to X-Forwarded-For (1 for one nginx or Caddy); see "
                    "docs/deployment.md, 'Reverse proxy'."
                ),
                id="core.W101",
            )
        ]
    return []
