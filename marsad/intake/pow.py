"""Self-hosted proof of work (ALTCHA protocol, version 1) instead of a third-party captcha.

The form carries a signed challenge; a small script finds the number whose SHA-256 with the
salt matches, and sends it back. Without JavaScript nothing is solved and the report goes to
the low-trust queue for a person to read: it is never refused for that.
"""

from __future__ import annotations

import datetime as dt

from altcha.v1 import Challenge, ChallengeOptions, create_challenge, verify_solution
from django.conf import settings
from django.core.cache import caches

from marsad.core.crypto import keyed_hash

LIFETIME = dt.timedelta(hours=2)


def _hmac_key() -> str:
    return keyed_hash("altcha", "hmac-key")


def challenge_new() -> Challenge:
    return create_challenge(
        ChallengeOptions(
            hmac_key=_hmac_key(),
            max_number=settings.INTAKE_POW_MAX_NUMBER,
            expires=dt.datetime.now(dt.UTC) + LIFETIME,
        )
    )


def solution_accept(payload: str) -> bool:
    """True for a valid, unexpired solution seen for the first time."""
    if not payload or len(payload) > 2000:
        return False
    ok, _error = verify_solution(payload, _hmac_key(), check_expires=True)
    if not ok:
        return False
    # Each solved challenge counts once.
    return bool(
        caches["ratelimit"].add(
            f"pow:{keyed_hash('pow', payload)}", 1, timeout=int(LIFETIME.total_seconds()) + 60
        )
    )
