"""``marsad rotate_mfa_keys``: re-encrypt two-factor secrets with the newest key.

Put the new key first in MARSAD_ENCRYPTION_KEYS (keeping the old one after it), run this and
``marsad rotate-keys``, then remove the old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from marsad.accounts.services import mfa_secrets_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt authenticator secrets with the first key of MARSAD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = mfa_secrets_reencrypt()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} authenticators."))
