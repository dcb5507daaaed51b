"""Self-hosted proof of work (ALTCHA protocol, version 1) instead of a third-party captcha.

The form carries a signed challenge; a small script finds the number whose SHA-256 with the
salt matches, and sends it back. Without JavaScript nothing is solved and the report goes to
the low-trust queue for a person to read: it is never refused for that.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

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


_TEXT_FIELDS = ("algorithm", "challenge", "salt", "signature")


def _well_formed(solution: object) -> bool:
    """The payload's fields have the types the verifier assumes (it calls string methods on
    them): four strings and an integer."""
    return (
        isinstance(solution, dict)
        and all(isinstance(solution.get(name), str) for name in _TEXT_FIELDS)
        and isinstance(solution.get("number"), int)
        and not isinstance(solution.get("number"), bool)
    )


def solution_accept(payload: str) -> bool:
    """True for a valid, unexpired solution of a challenge not solved before.

    A challenge counts once however its solution is written: the payload is base64 of a JSON
    object, which can be re-encoded (spacing, key order, extra keys) without changing what
    it proves, so the one-use key is the challenge the server signed, not the payload's text.
    """
    if not payload or len(payload) > 2000:
        return False
    try:
        solution = json.loads(base64.b64decode(payload, validate=True))
    except ValueError:  # not base64, not UTF-8 or not JSON
        return False
    if not _well_formed(solution):
        return False
    ok, _error = verify_solution(solution, _hmac_key(), check_expires=True)
    if not ok:
        return False
    return bool(
        caches["ratelimit"].add(
            f"pow:{keyed_hash('pow', str(solution['challenge']))}",
            1,
            timeout=int(LIFETIME.total_seconds()) + 60,
        )
    )
