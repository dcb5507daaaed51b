"""Transport-level response headers not covered by Django's SecurityMiddleware."""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from marsad.core.nostore import is_private

# Device features no Marsad page needs. Every response denies them all to every origin,
# including our own; a page that needs one says so (``permissions_policy(allow_self=...)``).
FEATURES = (
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "battery",
    "camera",
    "display-capture",
    "document-domain",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "sync-xhr",
    "usb",
    "xr-spatial-tracking",
)


def permissions_policy(*, allow_self: Iterable[str] = ()) -> str:
    """The Permissions-Policy header value: every feature of ``FEATURES`` denied, except those
    in ``allow_self``, allowed to this site's own origin only (never to a frame from
    elsewhere). Only the pages that use a feature allow it, e.g. the staff pages that ask for
    a security key (WebAuthn)."""
    allowed = frozenset(allow_self)
    unknown = allowed - set(FEATURES)
    if unknown:
        raise ValueError(f"not a feature Marsad lists: {', '.join(sorted(unknown))}")
    return ", ".join(f"{f}=(self)" if f in allowed else f"{f}=()" for f in FEATURES)


PERMISSIONS_POLICY = permissions_policy()


class PermissionsPolicyMiddleware:
    """Denies every device feature on every response that does not carry a policy of its own
    (a view, or a middleware inside this one, may set one with ``permissions_policy``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NullOriginMiddleware:
    """Lets Django's CSRF protection work with ``Referrer-Policy: no-referrer``.

    Under that policy browsers send ``Origin: null`` with every form POST, even to the same
    site, which Django's origin check rejects. When the browser itself vouches that the request
    comes from this site (``Sec-Fetch-Site: same-origin``, a header pages cannot set), the null
    origin is replaced by the site's own before Django's CsrfViewMiddleware runs; the CSRF token
    is still required as always. Any other null origin is left for Django to refuse.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)


# Navigations a page of another site may start: a link followed or a form sent, at the top.
# Frames, objects and embeds are refused like any other load (the pages deny framing anyway).
_NAVIGATION_DESTINATIONS = frozenset({"document", ""})


def from_another_site(request: HttpRequest) -> bool:
    """Whether the browser says a page of another site, or of a sibling address of the same
    site, made this request otherwise than by a top-level navigation (Fetch Metadata, which
    pages cannot set). Requests without the headers (scripts, old browsers) are not."""
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site in (None, "same-origin", "none"):
        return False
    return not (
        request.META.get("HTTP_SEC_FETCH_MODE") == "navigate"
        and request.META.get("HTTP_SEC_FETCH_DEST", "") in _NAVIGATION_DESTINATIONS
    )


class ResourceIsolationMiddleware:
    """Other sites may link to Marsad, not load its private URLs (XS-Leaks).

    A page cannot read another origin's answer, but it can tell whether an ``<img>`` or a
    ``<script>`` of it loaded, whether a ``no-cors`` fetch met a redirect, and how long it
    took; a page of the same site (a sibling address, such as the organisation's own website
    next to the observatory's) sends the visitor's ``SameSite=Lax`` cookies with those
    loads. Then ``/ar/report/follow-up/`` answering 302 or 200 tells whether this visitor
    entered a receipt code, and ``/staff/`` whether they work on reports. So a private URL
    (``nostore.is_private``: the staff area, the admin, the non-public API, the report form,
    the follow-up and the mailing list's pages) refuses such a request before anything looks
    at the session (this middleware comes right after the locale's, before sign-in, the
    staff area and the session timeout), with the same answer for everyone, and its
    answers carry ``Cross-Origin-Resource-Policy: same-origin``, which browsers without
    Fetch Metadata obey. Public pages, open data, charts, the feed, static files and the
    public API stay open to other sites. docs/security.md, "Other sites".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        private = is_private(request, _namespaces(request))
        if private and from_another_site(request):
            response: HttpResponse = HttpResponseForbidden(
                _("This address can only be opened from this site."),
                content_type="text/plain; charset=utf-8",
            )
        else:
            response = self.get_response(request)
        if private:
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def _namespaces(request: HttpRequest) -> list[str]:
    """The URL namespaces of the request's path (resolved in the language the locale
    middleware activated from it); none for a path that matches nothing."""
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).namespaces
    except Resolver404:
        return []
