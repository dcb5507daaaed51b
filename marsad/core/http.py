"""Request helpers shared by the apps."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest


def cross_site(request: HttpRequest) -> bool:
    """Whether the browser says this request was sent by a page of another site.

    For the few public forms that carry no CSRF token because they sit on every page (a
    token would set a cookie on every visitor): Fetch Metadata first (``Sec-Fetch-Site``,
    which pages cannot set), then ``Origin``. A request with neither (an old browser, a
    script) is not a cross-site forgery by a browser and is let through; such forms are
    harmless to repeat and rate-limited.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.META.get("HTTP_ORIGIN")
    if origin in (None, "null"):
        return False
    return urlsplit(origin).netloc != request.get_host()


def same_origin(request: HttpRequest) -> bool:
    """Whether the browser says this request was sent by a page of this very site.

    Stricter than ``not cross_site``: nothing is taken on trust. ``Sec-Fetch-Site`` (which
    pages cannot set) must say ``same-origin`` when the browser sends it; ``Origin``, when it
    names a site, must name this one; and one of the two must be there. Under
    ``Referrer-Policy: no-referrer`` browsers send ``Origin: null`` with the site's own forms,
    so a null origin counts only beside ``Sec-Fetch-Site: same-origin``. For what a failed
    request may give back to the page (the report form's words after a CSRF failure).
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    origin = request.META.get("HTTP_ORIGIN")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    if origin not in (None, "null"):
        parts = urlsplit(origin)
        return parts.scheme == request.scheme and parts.netloc == request.get_host()
    return fetch_site == "same-origin"
