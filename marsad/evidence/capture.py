"""Fetching a page for the record: a guarded HTTP client and a WARC writer.

The guard resolves the host once, refuses loopback, private, link-local, multicast and
reserved addresses, and IPv6 addresses that carry one of those as an IPv4 address (mapped,
compatible, translated, NAT64, 6to4, Teredo), unless ``EVIDENCE_CAPTURE_ALLOW_PRIVATE`` (for
tests), and connects to the address it checked, so a DNS answer that changes between the check
and the connection cannot send the request elsewhere. Redirects are followed by hand (at most
five), each hop checked.
Every request and response is written to one WARC file (ISO 28500, gzip per record) with
warcio; a body larger than ``EVIDENCE_CAPTURE_MAX_MB`` is cut and marked ``WARC-Truncated``.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class CaptureRefused(Exception):
    """The link must not be fetched (not http/https, or a forbidden address). Not retried."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


class CaptureFailed(Exception):
    """The fetch failed in a way that may pass later (timeout, connection, 5xx). Retried."""


@dataclass
class Exchange:
    url: str
    status: int
    reason: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    body: bytes
    truncated: bool
    address: str


@dataclass
class CaptureResult:
    requested_url: str
    final_url: str
    status: int
    exchanges: list[Exchange] = field(default_factory=list)
    captured_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def truncated(self) -> bool:
        return any(e.truncated for e in self.exchanges)

    @property
    def final(self) -> Exchange:
        return self.exchanges[-1]


# IPv6 addresses that stand for an IPv4 address: a host or a translator on the way turns a
# connection to them into one to the IPv4 address they carry, so they are judged by it.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052, the well-known prefix
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291 (deprecated), also :: and ::1
_IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")  # RFC 2765 (SIIT)
# A local translator's prefix (RFC 8215): it may put the IPv4 address anywhere in it, so what
# an address stands for cannot be read from it; none is fetched.
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (none for an ordinary one)."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.teredo is not None:  # 2001::/32: the Teredo server and the client
        return list(address.teredo)
    if address.sixtofour is not None:  # 2002::/16
        return [address.sixtofour]
    if address in _NAT64 or address in _IPV4_COMPATIBLE or address in _IPV4_TRANSLATED:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL:
            return True
        embedded = _embedded_ipv4(address)
        if embedded:
            return any(_forbidden(inner) for inner in embedded)
    return not address.is_global or address.is_multicast


def resolve_checked(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address) for a link that may be fetched, else CaptureRefused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise CaptureRefused("capture_scheme", "only http and https links can be captured")
    host = parts.hostname
    if not host:
        raise CaptureRefused("capture_host", "the link has no host")
    if parts.username or parts.password:
        raise CaptureRefused("capture_credentials", "links with a user name are not captured")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise CaptureRefused("capture_host", "the link has an invalid port") from exc
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise CaptureFailed(f"the host {host} could not be resolved") from exc
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not settings.EVIDENCE_CAPTURE_ALLOW_PRIVATE:
        bad = [a for a in addresses if _forbidden(a)]
        if bad:
            raise CaptureRefused(
                "capture_private_address",
                f"{host} resolves to {bad[0]}, an address on this machine or a private network",
            )
    return parts.scheme, host, port, str(addresses[0])


def _pool(scheme: str, host: str, port: int, address: str, timeout: float) -> Any:
    t = urllib3.Timeout(connect=min(10.0, timeout), read=timeout)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=t,
            retries=False,
            ssl_context=ssl.create_default_context(),
            server_hostname=host,
            assert_hostname=host,
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=t, retries=False)


def _fetch_one(url: str, deadline: float, budget: list[int]) -> Exchange:
    scheme, host, port, address = resolve_checked(url)
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    default_port = 443 if scheme == "https" else 80
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    request_headers = [
        ("Host", host_header),
        # An ordinary browser's: a reporter's link can be the perpetrator's own (a tracking
        # link sent to the victim alone), and a request signed by the observatory would tell
        # them that the victim reported it (docs/security.md).
        ("User-Agent", settings.EVIDENCE_CAPTURE_USER_AGENT),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Language", "ar,en;q=0.8,he;q=0.6"),
        ("Accept-Encoding", "identity"),
    ]
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise CaptureFailed("the capture ran out of time")
    pool = _pool(scheme, host, port, address, remaining)
    try:
        response = pool.urlopen(
            "GET",
            target,
            headers=dict(request_headers),
            redirect=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as exc:
        raise CaptureFailed(f"{type(exc).__name__}: {exc}") from exc
    body = bytearray()
    truncated = False
    try:
        for chunk in response.stream(CHUNK, decode_content=False):
            if time.monotonic() > deadline:
                raise CaptureFailed("the capture ran out of time")
            if len(chunk) > budget[0]:
                body += chunk[: budget[0]]
                budget[0] = 0
                truncated = True
                break
            body += chunk
            budget[0] -= len(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise CaptureFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        response.release_conn()
        pool.close()
    return Exchange(
        url=url,
        status=response.status,
        reason=response.reason or "",
        request_headers=request_headers,
        response_headers=list(response.headers.iteritems()),
        body=bytes(body),
        truncated=truncated,
        address=address,
    )


def fetch(url: str) -> CaptureResult:
    """Fetch a link with its redirects, within the time and size limits."""
    deadline = time.monotonic() + settings.EVIDENCE_CAPTURE_TIMEOUT_SECONDS
    budget = [settings.EVIDENCE_CAPTURE_MAX_MB * 1024 * 1024]
    result = CaptureResult(requested_url=url, final_url=url, status=0)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        exchange = _fetch_one(current, deadline, budget)
        result.exchanges.append(exchange)
        result.final_url, result.status = current, exchange.status
        location = dict((k.lower(), v) for k, v in exchange.response_headers).get("location")
        if exchange.status in (301, 302, 303, 307, 308) and location:
            current = urljoin(current, location)
            continue
        break
    if result.status >= 500:
        raise CaptureFailed(f"the server answered {result.status}")
    return result


def _warc_headers_for_response(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # The body is stored as it came after de-chunking, so the hop-by-hop framing header is
    # kept under the name web archives use for a header whose meaning no longer applies.
    return [
        (f"X-Archive-Orig-{k}", v) if k.lower() == "transfer-encoding" else (k, v)
        for k, v in headers
    ]


def write_warc(result: CaptureResult, out: IO[bytes]) -> None:
    """Write every exchange of a capture as request + response records, then a metadata
    record naming the tool and the capture."""
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    date = result.captured_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    info = writer.create_warcinfo_record(
        "capture.warc.gz",
        {
            "software": "Marsad (warcio)",
            "format": "WARC File Format 1.1",
            "isPartOf": result.requested_url,
        },
    )
    writer.write_record(info)
    for exchange in result.exchanges:
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        warc_headers = {"WARC-Date": date, "WARC-IP-Address": exchange.address}
        request = writer.create_warc_record(
            exchange.url,
            "request",
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", exchange.request_headers, is_http_request=True
            ),
            warc_headers_dict=warc_headers,
        )
        response_headers = dict(warc_headers)
        if exchange.truncated:
            response_headers["WARC-Truncated"] = "length"
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            http_headers=StatusAndHeaders(
                f"{exchange.status} {exchange.reason}".strip(),
                _warc_headers_for_response(exchange.response_headers),
                protocol="HTTP/1.1",
            ),
            warc_headers_dict=response_headers,
        )
        writer.write_request_response_pair(request, response)
