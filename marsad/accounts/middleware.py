"""Staff sessions: the Django admin behind the same sign-in and second factor as the staff
area, and sessions that end after a while without activity."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from marsad.accounts.access import mfa_required_response, second_factor_response
from marsad.core.middleware import permissions_policy

# Session keys (seconds since the epoch) written when someone signs in (receivers.py).
SIGNED_IN_AT = "marsad.signed_in_at"
LAST_SEEN = "marsad.last_seen"
# Activity is written to the session at most this often, not on every request.
SEEN_RESOLUTION = 60


def session_start(request: HttpRequest) -> None:
    """Mark the session as signed in now (called when someone signs in)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """Signs out a session idle for ``SESSION_IDLE_TIMEOUT`` seconds, or older than
    ``SESSION_COOKIE_AGE`` since sign-in whatever the activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
        if not isinstance(signed_in_at, int) or not isinstance(last_seen, int):
            session_start(request)
            return
        idle = settings.SESSION_IDLE_TIMEOUT
        if now - last_seen > idle:
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": idle // 60},
            )
        elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
        elif now - last_seen >= SEEN_RESOLUTION:
            session[LAST_SEEN] = now


# allauth's pages that a signed-in staff member may open before giving the second factor in
# this session: the steps that give it (setting up the authenticator app is let through as the
# page the second-factor check sends to), signing out, and links that arrive by email.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "account_login",
        "account_logout",
        "account_signup",
        "account_inactive",
        "account_reauthenticate",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_confirm_login_code",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
    }
)

# The pages that ask the browser for a security key (WebAuthn): the second step of the sign-in,
# confirming with a key, adding one. Only they allow it, to this site only; every other
# response denies it (marsad.core.middleware.PermissionsPolicyMiddleware).
WEBAUTHN_PAGES = frozenset({"mfa_authenticate", "mfa_reauthenticate_webauthn", "mfa_add_webauthn"})
WEBAUTHN_POLICY = permissions_policy(
    allow_self=("publickey-credentials-get", "publickey-credentials-create")
)


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def _allauth_root() -> str:
    """Where config/urls.py mounts allauth: its sign-in page's path without ``login/``."""
    return reverse("account_login").removesuffix("login/")


class StaffAreaMiddleware:
    """Guards what the staff area's views cannot guard themselves.

    - The Django admin has no sign-in of its own. ``/admin/login/`` sends visitors to the staff
      sign-in (password, then the second factor) and refuses signed-in accounts that are not
      administrators; every other admin page asks a signed-in staff member for the second
      factor first, as the staff area does. Django's own admin sign-in form is never shown,
      so it cannot be used to get around two-factor authentication or the lockout.
    - allauth's pages under ``/staff/account/`` (two-factor set-up, password change, email
      address ...) refuse signed-in accounts that are not staff (partners), except signing
      out, and ask a staff member for the second factor first, as the staff area does, except
      on the pages that give it (``BEFORE_SECOND_FACTOR``).
    - The pages that ask for a security key allow WebAuthn in their Permissions-Policy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        admin_root = reverse("admin:index")
        if path.startswith(admin_root):
            response = self._admin(request, admin_root)
            if response is not None:
                return response
        elif path.startswith(_allauth_root()):
            response = self._account_page(request)
            if response is not None:
                return response
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.url_name in WEBAUTHN_PAGES and response.status_code == 200:
            response.headers["Permissions-Policy"] = WEBAUTHN_POLICY
        return response

    def _account_page(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        name = _url_name(request.path_info)
        if not getattr(user, "is_staff_member", False):
            if name != "account_logout":
                raise PermissionDenied
            return None
        if name in BEFORE_SECOND_FACTOR:
            return None
        response = second_factor_response(request)
        if response is not None and urlsplit(response["Location"]).path == request.path:
            return None  # the page that gives the second factor (setting up the app)
        return response

    def _admin(self, request: HttpRequest, admin_root: str) -> HttpResponse | None:
        user = request.user
        path = request.path
        if path == reverse("admin:logout"):
            return None
        if path != reverse("admin:login"):
            if user.is_authenticated and getattr(user, "is_staff_member", False):
                return mfa_required_response(request)
            return None
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = admin_root
        if not user.is_authenticated:
            return redirect_to_login(wanted)
        if not getattr(user, "is_staff_member", False):
            raise PermissionDenied
        response = mfa_required_response(request)
        if response is not None:
            return response
        if not user.is_staff:
            raise PermissionDenied
        return HttpResponseRedirect(wanted)
