"""The links in emails. Each carries the subscriber's random ``key``, signed with the site's
secret (Django's signing, so SECRET_KEY_FALLBACKS rotates it); nothing guessable, and nothing
that names the address.

- link tokens (preferences, unsubscribe) do not expire: an unsubscribe link in an old email
  must keep working;
- confirmation tokens also carry the request's nonce and a timestamp: they work for
  ``NEWSLETTER_CONFIRM_DAYS`` and only for the request that sent them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

_LINK = signing.Signer(salt="marsad.newsletter.link")
_CONFIRM = signing.TimestampSigner(salt="marsad.newsletter.confirm")
MAX_TOKEN_LENGTH = 200


def new_key() -> str:
    return secrets.token_urlsafe(16)


def link_token(key: str) -> str:
    return _LINK.sign(key)


def link_key(token: str) -> str | None:
    """The key a link token carries, or None for a forged or damaged token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        return _LINK.unsign(token)
    except signing.BadSignature:
        return None


def confirm_token(key: str, nonce: str) -> str:
    return _CONFIRM.sign(f"{key}.{nonce}")


@dataclass(frozen=True)
class Confirmation:
    key: str
    nonce: str


def confirmation(token: str) -> Confirmation | None:
    """What a confirmation token carries, or None when forged, damaged or expired."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = _CONFIRM.unsign(token, max_age=settings.NEWSLETTER_CONFIRM_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    key, _dot, nonce = value.partition(".")
    return Confirmation(key, nonce) if key and nonce else None
