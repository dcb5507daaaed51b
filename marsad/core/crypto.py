"""Encryption of personal data at rest and keyed hashing.

Fernet (AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package) through MultiFernet:
the first key in ``MARSAD_ENCRYPTION_KEYS`` encrypts, all of them decrypt, which is how keys
are rotated (put the new key first, run ``marsad rotate-keys``, then drop the old one).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "MARSAD_ENCRYPTION_KEYS: each key must be 32 url-safe base64-encoded bytes "
            "(generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        ) from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.MARSAD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a value written by ``encrypt``; a token no key opens raises ``InvalidToken``."""
    return fernet().decrypt(token.encode("ascii")).decode("utf-8")


def rotate(token: str) -> str:
    """Re-encrypt a token with the first (newest) key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under the site's hash key, separated by purpose."""
    key = hashlib.sha256(f"{purpose}:{settings.MARSAD_HASH_KEY}".encode()).digest()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


__all__ = ["InvalidToken", "decrypt", "encrypt", "fernet", "keyed_hash", "rotate"]
