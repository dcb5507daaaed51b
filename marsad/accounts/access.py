"""Who may enter the staff area: staff roles, signed in with a password and a second factor;
and who may use the staff API: a staff API token, within its access and its user's role."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from ninja.security import HttpBearer

from marsad.accounts.choices import STAFF_ROLES, Role
from marsad.accounts.errors import TokenNotAllowed
from marsad.accounts.models import StaffToken, User

SECURITY_KEY = Authenticator.Type.WEBAUTHN


def security_key_required(user: Any) -> bool:
    """Whether this account must prove a security key (WebAuthn) as its second factor: the
    administrators, when ``MARSAD_ADMIN_REQUIRE_SECURITY_KEY`` is on."""
    required: bool = settings.MARSAD_ADMIN_REQUIRE_SECURITY_KEY
    return required and getattr(user, "role", "") == Role.ADMIN


def second_factors_given(request: HttpRequest) -> set[str]:
    """The kinds of second factor (``totp``, ``recovery_codes``, ``webauthn``) the signed-in
    user proved in this session.

    allauth records every authentication step in the session (``method: "mfa"`` for a code
    from the authenticator app, a recovery code or a security key, at sign-in or when
    confirming later); the records belong to one user and go when the session ends. Reading
    them costs no query.
    """
    records = get_authentication_records(request, request.user)
    return {str(record.get("type")) for record in records if record.get("method") == "mfa"}


def mfa_verified(request: HttpRequest) -> bool:
    """Whether this session proved a second factor that counts for the user: any of them, or
    a security key for an administrator who must use one."""
    given = second_factors_given(request)
    if security_key_required(request.user):
        return SECURITY_KEY in given
    return bool(given)


def _with_next(request: HttpRequest, url_name: str) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(url_name)}?{query}")


def second_factor_response(request: HttpRequest) -> HttpResponse | None:
    """Where a signed-in staff member without a second factor that counts in this session must
    go first: setting up an authenticator app, or confirming with the security key or the
    app they have. ``None`` when the session has one (without a query)."""
    if mfa_verified(request):
        return None
    kinds = set(
        Authenticator.objects.filter(user_id=request.user.pk).values_list("type", flat=True)
    )
    if Authenticator.Type.TOTP not in kinds:
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    if security_key_required(request.user):
        if SECURITY_KEY in kinds:
            return _with_next(request, "mfa_reauthenticate_webauthn")
        if second_factors_given(request):
            return None  # no key yet: the app's code counts until one is added
    return _with_next(request, "mfa_reauthenticate")


def mfa_required_response(request: HttpRequest) -> HttpResponse | None:
    """What the staff area and the Django admin ask first: the second factor, and of an
    administrator who must use a security key and has none yet, adding one."""
    response = second_factor_response(request)
    if response is None and not mfa_verified(request):
        return HttpResponseRedirect(reverse("mfa_add_webauthn"))
    return response


def staff_required[R: HttpResponseBase](view: Callable[..., R]) -> Callable[..., R | HttpResponse]:
    """Signed-in staff (any staff role) with two-factor authentication: anonymous users go to
    sign-in, other accounts get 403, staff without a second factor in this session are sent to
    set one up or to confirm with it (``mfa_required_response``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R | HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(user, "is_staff_member", False):
            raise PermissionDenied
        response = mfa_required_response(request)
        if response is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapper


class StaffTokenAuth(HttpBearer):
    """``Authorization: Bearer mst_...``: an unrevoked, unexpired staff API token of an active
    staff account. The request then acts as that staff member (``request.auth``); each
    endpoint checks what it needs with ``token_require``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        found = (
            StaffToken.objects.select_related("user")
            .filter(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                revoked_at__isnull=True,
                expires_at__gt=now,
                user__is_active=True,
                user__role__in=STAFF_ROLES,
            )
            .first()
        )
        if found is None:
            return None
        if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
            StaffToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.staff_token = found  # type: ignore[attr-defined]
        return found.user


def token_require(request: HttpRequest, permission: str, *, write: bool = False) -> User:
    """The token's staff member, if their role has ``permission`` now and, for a change,
    the token has write access; otherwise ``TokenNotAllowed`` (403)."""
    token: StaffToken = request.staff_token  # type: ignore[attr-defined]
    user = token.user
    if write and token.access != StaffToken.Access.WRITE:
        raise TokenNotAllowed()
    if not user.has_perm(permission):
        raise TokenNotAllowed()
    return user
