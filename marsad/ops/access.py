"""Who may read the metrics: a bearer token, or a client on an allowed network."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def metrics_enabled() -> bool:
    return bool(settings.MARSAD_METRICS_TOKEN or settings.MARSAD_METRICS_ALLOWED_NETWORKS)


def may_read_metrics(request: HttpRequest) -> bool:
    token = settings.MARSAD_METRICS_TOKEN
    if token:
        given = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        ):
            return True
    networks = settings.MARSAD_METRICS_ALLOWED_NETWORKS
    if networks:
        # The peer that connected, not a forwarded address a client could write itself.
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
    return False
