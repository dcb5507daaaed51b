"""Subscriber addresses as stored and looked up: normalised, and hashed with the site's key."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from marsad.core import crypto
from marsad.newsletter.errors import InvalidAddress


def address_normalise(raw: str) -> str:
    """The address as stored and hashed: NFC, trimmed, lower case; InvalidAddress if it is
    not one."""
    address = unicodedata.normalize("NFC", raw or "").strip()
    if not address or len(address) > 254:
        raise InvalidAddress
    if any(unicodedata.category(ch).startswith("C") for ch in address):
        raise InvalidAddress
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidAddress from None
    if not address.rpartition("@")[0].isascii():  # cannot be sent without SMTPUTF8
        raise InvalidAddress
    return address.lower()


def address_hash(address: str) -> str:
    return crypto.keyed_hash("newsletter-email", address)
