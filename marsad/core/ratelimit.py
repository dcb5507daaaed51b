"""Fixed-window rate limits keyed on a keyed hash of the client, never its address in clear."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from marsad.core.crypto import keyed_hash


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting ``MARSAD_PROXY_COUNT`` proxies' X-Forwarded-For."""
    proxies = settings.MARSAD_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_network(address: str) -> str:
    """What identifies a client for its limits: its IPv4 address, or the /64 network of an
    IPv6 one (one phone or household holds a whole /64 and may take a new address from it for
    every request). An IPv4 address written as IPv6 (``::ffff:a.b.c.d``) is that IPv4 address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def client_key(request: HttpRequest) -> str:
    """A daily-rotating keyed hash of the client's network (``client_network``): it cannot be
    reversed to the address. Every per-client limit keys on it."""
    day = time.strftime("%Y-%m-%d", time.gmtime())
    return keyed_hash("client", f"{day}:{client_network(client_address(request))}")


def hit(scope: str, key: str, *, window_seconds: int) -> int:
    """Count one hit for ``key`` in ``scope`` and return the count in the current window."""
    cache = caches["ratelimit"]
    window = int(time.time()) // window_seconds
    cache_key = f"rl:{scope}:{window}:{key}"
    if isinstance(cache, RedisCache):
        return _redis_hit(cache, cache_key, timeout=window_seconds + 5)
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        return 1
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 5)
        return 1


def _redis_hit(cache: RedisCache, cache_key: str, *, timeout: int) -> int:
    """One round trip instead of Django's three (add, then exists and incr): create the
    counter with its expiry if it is not there, and count, in one MULTI/EXEC. The counter is
    a plain Redis integer, which Django's Redis serializer reads back as an int (``peek``)."""
    key = cache.make_and_validate_key(cache_key)
    pipe = cache._cache.get_client(key, write=True).pipeline(transaction=True)
    pipe.set(key, 0, ex=timeout, nx=True)
    pipe.incr(key)
    _created, count = pipe.execute()
    return int(count)


def peek(scope: str, key: str, *, window_seconds: int) -> int:
    """The count in the current window without adding a hit."""
    window = int(time.time()) // window_seconds
    return int(caches["ratelimit"].get(f"rl:{scope}:{window}:{key}", 0))
