"""Signal receivers for the sign-in record and session bookkeeping.

STYLE.md rules out signals for domain logic. These are audit infrastructure: allauth, axes and
Django announce authentication steps only through signals, and listening is the supported way
to record them (as axes itself does). No domain state changes here; ``apps.py`` connects them.
"""

from __future__ import annotations

from typing import Any

# allauth's own writer of a session's authentication records (what its sign-in steps call).
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.http import HttpRequest

from marsad.accounts.choices import SignInMethod, SignInOutcome
from marsad.accounts.middleware import session_start
from marsad.accounts.models import User
from marsad.accounts.services import signin_event_record

_MFA_METHODS = {
    "totp": SignInMethod.TOTP,
    "recovery_codes": SignInMethod.RECOVERY_CODE,
    "webauthn": SignInMethod.SECURITY_KEY,
}


def _account_named(login: str) -> User | None:
    """The one account whose username or email is ``login``, if exactly one."""
    if not login:
        return None
    matches = list(User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2])
    return matches[0] if len(matches) == 1 else None


def on_authentication_step(
    sender: Any, request: HttpRequest, user: User, method: str, **extra: Any
) -> None:
    """allauth: a password or a second factor was accepted (at sign-in or when confirming)."""
    if method == "password":
        recorded = SignInMethod.PASSWORD
    elif method == "mfa" and extra.get("type") in _MFA_METHODS:
        recorded = _MFA_METHODS[extra["type"]]
    else:
        return
    signin_event_record(
        request=request, user=user, outcome=SignInOutcome.SUCCEEDED, method=recorded
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Django: a password was refused. axes' backend marks the request when it refused the
    attempt because the name and client are locked out (it runs before the password check)."""
    if request is None:
        return
    login = str(credentials.get("username") or credentials.get("email") or "").strip()
    locked = bool(getattr(request, "axes_locked_out", False))
    signin_event_record(
        request=request,
        user=_account_named(login),
        outcome=SignInOutcome.LOCKED_OUT if locked else SignInOutcome.FAILED,
        method=SignInMethod.PASSWORD,
    )


def on_mfa_failed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """allauth: a wrong code from the authenticator app or a wrong recovery code."""
    code = "".join(str(request.POST.get("code", "")).split())
    recovery = len(code) == mfa_settings.RECOVERY_CODE_DIGITS
    signin_event_record(
        request=request,
        user=user,
        outcome=SignInOutcome.FAILED,
        method=SignInMethod.RECOVERY_CODE if recovery else SignInMethod.TOTP,
    )


def on_authenticator_added(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    """allauth.mfa: an authenticator app was set up, which takes a valid code from it, or a
    security key was added, which takes the key's signature. That counts as this session's
    second factor of that kind, as using it at sign-in would, and as a fresh confirmation
    (allauth's "reauthenticated"), as using it to confirm would: the new recovery codes then
    show without asking again, and an administrator who must use a security key goes on
    with the one just added."""
    kinds = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    if authenticator.type in kinds and request.user.pk == user.pk:
        record_authentication(
            request,
            user,
            "mfa",
            id=authenticator.pk,
            type=str(authenticator.type),
            reauthenticated=True,
        )


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Django: someone is signed in; their session's clock starts now."""
    if request is not None and hasattr(request, "session"):
        session_start(request)
