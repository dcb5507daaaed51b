"""How Marsad plugs into django-allauth and django-axes (both point here from settings).

Neither library keeps a client's address in clear: allauth's rate limits and axes' lockout
records see a *pseudonymous address*, an IPv6 address in the documentation range
``2001:db8::/32`` built from a keyed hash of the real one. It is stable (lockouts and limits
still work per client) and cannot be turned back into the address without ``MARSAD_HASH_KEY``.
IPv6 clients are grouped by their /64 network, since one household or phone holds a whole /64.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from marsad.accounts.access import security_key_required
from marsad.core.crypto import decrypt, encrypt, keyed_hash
from marsad.core.ratelimit import client_address, client_network

# 2001:db8::/32 is reserved for documentation (RFC 3849): it can never be a real client.
_PSEUDONYM_PREFIX = bytes.fromhex("20010db8")


def client_hash(request: HttpRequest) -> str:
    """The keyed hash of the client (64 hex digits), as stored on sign-in events."""
    return keyed_hash("client", client_network(client_address(request)))


def client_pseudonym(request: HttpRequest) -> str:
    """The client as a made-up IPv6 address (for code that insists on an IP address)."""
    digest = bytes.fromhex(client_hash(request))
    return str(ipaddress.IPv6Address(_PSEUDONYM_PREFIX + digest[:12]))


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The name axes counts failures against: what was typed, case-folded, so that
    ``Admin`` and ``admin`` share one counter."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return str(value).strip().casefold() if value else None


def _first_enrolment(request: HttpRequest) -> bool:
    """The signed-in user has no authenticator app (yet, or any more)."""
    return (
        request.user.is_authenticated
        and not Authenticator.objects.filter(
            user_id=request.user.pk, type=Authenticator.Type.TOTP
        ).exists()
    )


def _signed_in_recently(request: HttpRequest) -> bool:
    """The session's password sign-in is more recent than allauth's reauthentication window."""
    records = get_authentication_records(request, request.user)
    now = time.time()
    return any(
        record.get("method") == "password"
        and now - float(record.get("at", 0)) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in records
    )


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators: nobody signs up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """allauth asks for the password again before two-factor changes. Setting up the
        first authenticator app right after signing in with the password needs no second
        password prompt: there is no factor yet to protect, and the password was just given.
        """
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa":
            request = context.request
            if _first_enrolment(request) and _signed_in_recently(request):
                return False
        return required

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """How a signed-in user confirms it is them before a sensitive change (the email
        address, two-factor settings): with a second factor whenever the account has one,
        never with the password alone, which is what a phishing page or a shoulder-surfer
        would have. The password is only asked of an account with no second factor yet, to
        set up its authenticator app."""
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        second_factors = [m for m in methods if m["id"].startswith("mfa_reauthenticate")]
        keys = [m for m in second_factors if m["id"] == "mfa_reauthenticate:webauthn"]
        if keys and security_key_required(user):
            return keys  # an administrator who must use a security key confirms with it
        # A security key first when the account has one (a look-alike site cannot use it).
        return keys + [m for m in second_factors if m not in keys] or methods

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_pseudonym(request)


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets are encrypted at rest with the personal-data keys, and staff
    cannot switch their two-factor authentication off (they may remove a security key: the
    authenticator app stays).

    A security key (WebAuthn) stores no secret here: allauth keeps the browser's registration
    answer (the key's public key, its credential id and the name given to it), which only
    lets the server check the key's signatures. The private key never leaves the key.
    """

    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.WEBAUTHN:
            return True
        user = authenticator.user
        return not getattr(user, "is_staff_member", False)
