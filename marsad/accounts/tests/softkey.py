"""A security key in software, for tests through Django's test client.

It answers the WebAuthn options a staff page carries (``js_data``) as a browser with a USB
security key would: a registration with "none" attestation, then assertions signed with its
P-256 key (ES256). The browser test (tests/browser/test_passkeys.py) uses Chromium's own
virtual authenticator instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

# The test client's requests use Host "localhost" (see ``key_client``): an origin WebAuthn
# accepts over plain HTTP, as browsers do.
ORIGIN = "http://localhost"
_JS_DATA = re.compile(r'<script id="js_data" type="application/json">(.*?)</script>', re.S)


def js_data(html: str) -> dict[str, Any]:
    """The WebAuthn options a page hands to the browser."""
    found = _JS_DATA.search(html)
    assert found is not None, "no WebAuthn options on the page"
    data: dict[str, Any] = json.loads(unescape(found.group(1)))
    return data


@dataclass
class SoftKey:
    origin: str = ORIGIN
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    counter: int = 0
    rp_id: str = ""

    def create(self, options: dict[str, Any]) -> str:
        """The browser's answer to ``navigator.credentials.create`` (allauth's JSON form)."""
        public = options["publicKey"]
        self.rp_id = public["rp"]["id"]
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=public["challenge"], origin=self.origin
        )
        credential = AttestedCredentialData.create(
            b"\0" * 16,
            self.credential_id,
            ES256.from_cryptography_key(self.private_key.public_key()),
        )
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
        auth_data = AuthenticatorData.create(self._rp_hash(), flags, self.counter, credential)
        attestation = AttestationObject.create("none", auth_data, {})
        return json.dumps(
            {
                "id": websafe_encode(self.credential_id),
                "rawId": websafe_encode(self.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "cross-platform",
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "attestationObject": websafe_encode(attestation),
                    "transports": ["usb"],
                },
                "clientExtensionResults": {"credProps": {"rk": False}},
            }
        )

    def get(self, options: dict[str, Any], *, origin: str | None = None) -> str:
        """The browser's answer to ``navigator.credentials.get``: a signed assertion."""
        public = options["publicKey"]
        allowed = [websafe_decode(c["id"]) for c in public.get("allowCredentials", [])]
        assert self.credential_id in allowed, "the page does not ask for this key"
        self.counter += 1
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=public["challenge"], origin=origin or self.origin
        )
        auth_data = AuthenticatorData.create(
            self._rp_hash(), AuthenticatorData.FLAG.UP, self.counter
        )
        signature = self.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": websafe_encode(self.credential_id),
                "rawId": websafe_encode(self.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "cross-platform",
                "response": {
                    "clientDataJSON": websafe_encode(client_data),
                    "authenticatorData": websafe_encode(auth_data),
                    "signature": websafe_encode(signature),
                    "userHandle": None,
                },
                "clientExtensionResults": {},
            }
        )

    def _rp_hash(self) -> bytes:
        return hashlib.sha256(self.rp_id.encode()).digest()
