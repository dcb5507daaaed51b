"""Transport-level response headers not covered by Django's SecurityMiddleware."""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse

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
